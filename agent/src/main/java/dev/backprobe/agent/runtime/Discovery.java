package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.MethodTrait;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the training step and the loss when the options do not name them.
 *
 * <p><b>Step</b>: the outermost method that is called repeatedly and whose execution changes the
 * parameters (array-valued state reachable from its receiver, or from its class's static fields for
 * a static method). The first call of every candidate (not a pure function, with parameters
 * reachable from its root) is snapshotted at entry and compared at exit. When a candidate whose
 * first call changed the parameters is entered again, it becomes the step. The choice is
 * provisional: when a method whose first call enclosed the step's first call, and changed the
 * parameters, is entered again, that outer method becomes the step (a per-layer {@code update()}
 * inside {@code trainStep()} gives way to {@code trainStep()}). After {@link #PROMOTION_WINDOW}
 * calls of the step the choice is final: an epoch loop around many minibatch steps does not take
 * over. Because the first call was snapshotted, step 1 is still verified once the choice is known.
 *
 * <p><b>Loss</b>: a method returning a scalar ({@link MethodTrait#RETURNS_SCALAR}, not a {@code
 * double → double} function), called at least twice, that does not change the parameters. Ranked
 * by: called inside the step, then the name hint ({@link MethodTrait#LOSS_NAME}), then whether it
 * takes array arguments or belongs to the step's model. When there is none and the step itself
 * returns a scalar, the step's returned value is the loss and the replay runs the step on a
 * snapshot.
 */
final class Discovery {

  /**
   * Calls of the chosen step after which no outer method may take its place: a loop over layers
   * inside one step is shorter than this, a loop over minibatches inside an epoch is usually longer.
   */
  static final int PROMOTION_WINDOW = 16;

  /**
   * Largest model (values over all parameter tensors) whose whole state is snapshotted at the
   * entry of a step candidate while discovering: 4M doubles = 32 MB, half the heap goal of the
   * agent. Larger roots (usually data sets, not models) are compared by fingerprint only.
   */
  static final long MAX_SNAPSHOT_VALUES = 4_000_000L;

  /** What discovery knows of one method. */
  static final class MethodRecord {
    final MethodInfo info;
    int calls;
    FirstCall first;
    // loss candidates
    boolean changedParams;
    boolean calledInsideStepCandidate;
    final List<Integer> enclosing = new ArrayList<>();
    Object lastReceiver;
    Object[] lastArgs;

    MethodRecord(MethodInfo info) {
      this.info = info;
    }
  }

  /** The first call of a step candidate: the state before it, and what it changed. */
  static final class FirstCall {
    final int methodId;
    final Object root;
    final Object receiver;
    final Object[] args;
    final long entrySeq;
    long exitSeq = Long.MAX_VALUE;
    final ModelAccess.StateSnapshot before;
    final Map<String, double[]> beforeValues;
    Map<String, double[]> afterValues;
    boolean exited;
    boolean changed;

    FirstCall(
        int methodId,
        Object root,
        Object receiver,
        Object[] args,
        long entrySeq,
        ModelAccess.StateSnapshot before,
        Map<String, double[]> beforeValues) {
      this.methodId = methodId;
      this.root = root;
      this.receiver = receiver;
      this.args = args;
      this.entrySeq = entrySeq;
      this.before = before;
      this.beforeValues = beforeValues;
    }

    boolean encloses(FirstCall other) {
      return entrySeq < other.entrySeq && other.exitSeq <= exitSeq;
    }
  }

  /** The loss that was chosen, with the reason for the report. */
  record LossChoice(int methodId, boolean viaStep, String reason) {}

  private final ModelAccess model;
  private final Problems problems;
  private final Map<Integer, MethodRecord> records = new HashMap<>();
  private long seq;
  private int stepId = -1;
  private String stepReason;
  private boolean settled;

  Discovery(ModelAccess model, Problems problems) {
    this.model = model;
    this.problems = problems;
  }

  MethodRecord record(MethodInfo info) {
    return records.computeIfAbsent(info.id(), k -> new MethodRecord(info));
  }

  int stepId() {
    return stepId;
  }

  String stepReason() {
    return stepReason;
  }

  boolean settled() {
    return settled;
  }

  /** Fixes the step (given by the options, or final). */
  void fixStep(int id, String reason) {
    stepId = id;
    stepReason = reason;
    settled = true;
  }

  static boolean isStepCandidate(MethodInfo m) {
    return !m.has(MethodTrait.PURE) && !m.has(MethodTrait.SCALAR_FUNCTION);
  }

  static boolean isLossCandidate(MethodInfo m) {
    return m.has(MethodTrait.RETURNS_SCALAR) && !m.has(MethodTrait.SCALAR_FUNCTION);
  }

  /**
   * A tracked method was entered while discovering.
   *
   * @return the method that should now be the step (newly chosen or promoted), or -1
   */
  int onEnter(Frame frame, Object root, List<Frame> enclosing) {
    seq++;
    MethodRecord r = record(frame.method);
    r.calls++;
    int decision = -1;
    if (!settled && isStepCandidate(frame.method) && root != null) {
      if (r.calls == 1) {
        frame.firstCall = snapshotFirstCall(frame, root);
        r.first = frame.firstCall;
      } else if (r.first != null && r.first.changed && frame.method.id() != stepId) {
        decision = considerStep(r);
      }
    }
    if (isLossCandidate(frame.method)) {
      for (Frame f : enclosing) {
        r.enclosing.add(f.id());
        if (f.firstCall != null || f.id() == stepId) {
          r.calledInsideStepCandidate = true;
        }
      }
      if (root != null && r.calls <= 3) {
        frame.fingerprint = fingerprint(root);
      }
      r.lastReceiver = frame.receiver;
      r.lastArgs = frame.args == null ? r.lastArgs : Args.deepCopy(frame.args);
    }
    return decision;
  }

  private int considerStep(MethodRecord r) {
    if (stepId < 0) {
      stepId = r.info.id();
      stepReason =
          "discovered: "
              + r.info.qualifiedName()
              + " is called repeatedly and its first call changed the parameters";
      return stepId;
    }
    MethodRecord current = records.get(stepId);
    if (current != null && current.first != null && r.first.encloses(current.first)) {
      stepId = r.info.id();
      stepReason =
          "discovered: "
              + r.info.qualifiedName()
              + " is called repeatedly, changes the parameters and encloses "
              + current.info.qualifiedName();
      return stepId;
    }
    return -1;
  }

  /** A tracked method exits while discovering. */
  void onExit(Frame frame, Object root) {
    seq++;
    MethodRecord r = record(frame.method);
    if (frame.firstCall != null) {
      FirstCall first = frame.firstCall;
      first.exitSeq = seq;
      first.exited = true;
      try {
        first.afterValues = values(model.parameters(root));
        first.changed = differs(first.beforeValues, first.afterValues);
      } catch (RuntimeException e) {
        problems.report(
            "params:" + frame.method.owner(),
            "could not read the parameters of " + frame.method.owner(),
            e);
      }
    }
    if (frame.fingerprint != null && root != null) {
      if (fingerprint(root) != frame.fingerprint) {
        r.changedParams = true;
      }
    }
  }

  /** Counts one more call of the chosen step; fixes the choice after the promotion window. */
  void stepCalled(int calls) {
    if (!settled && calls >= PROMOTION_WINDOW) {
      settled = true;
    }
  }

  /** The first call of a method, if it was snapshotted. */
  FirstCall firstCall(int methodId) {
    MethodRecord r = records.get(methodId);
    return r == null ? null : r.first;
  }

  MethodRecord existing(int methodId) {
    return records.get(methodId);
  }

  /** Drops every snapshot once the step is final (keeps the step's own first call). */
  void releaseSnapshots() {
    for (MethodRecord r : records.values()) {
      if (r.info.id() != stepId) {
        r.first = null;
      }
    }
  }

  /**
   * The best loss candidate for this step, or null.
   *
   * @param step the step method
   */
  LossChoice chooseLoss(MethodInfo step) {
    MethodRecord best = null;
    int bestScore = Integer.MIN_VALUE;
    for (MethodRecord r : new ArrayList<>(records.values())) {
      if (!isLossCandidate(r.info) || r.info.id() == step.id() || r.calls < 2 || r.changedParams) {
        continue;
      }
      if (r.info.has(MethodTrait.WRITES_ARRAY_FIELD) && r.info.has(MethodTrait.STEP_NAME)) {
        continue;
      }
      int score = 0;
      if (r.enclosing.contains(step.id())) {
        score += 8;
      }
      if (r.info.has(MethodTrait.LOSS_NAME)) {
        score += 4;
      }
      if (Invoker.parameterTypes(r.info.descriptor()).contains("[")) {
        score += 2;
      }
      if (r.info.owner().equals(step.owner())) {
        score += 1;
      }
      if (score > bestScore || (score == bestScore && r.info.id() < best.info.id())) {
        best = r;
        bestScore = score;
      }
    }
    if (best != null) {
      return new LossChoice(
          best.info.id(),
          false,
          "discovered: "
              + best.info.qualifiedName()
              + " returns a scalar, is called repeatedly"
              + (best.enclosing.contains(step.id()) ? " inside the step" : "")
              + " and does not change the parameters"
              + (best.info.has(MethodTrait.LOSS_NAME) ? "; its name looks like a loss" : ""));
    }
    if (step.has(MethodTrait.RETURNS_SCALAR)) {
      return new LossChoice(
          step.id(),
          true,
          "discovered: no separate loss method; "
              + step.qualifiedName()
              + " returns a scalar, taken as the loss before its update (replayed on a snapshot)");
    }
    return null;
  }

  private FirstCall snapshotFirstCall(Frame frame, Object root) {
    try {
      List<ModelAccess.ParameterTensor> params = model.parameters(root);
      if (params.isEmpty()) {
        return null;
      }
      long size = 0;
      for (ModelAccess.ParameterTensor p : params) {
        size += p.view().size();
      }
      Map<String, double[]> before = values(params);
      ModelAccess.StateSnapshot state = size <= MAX_SNAPSHOT_VALUES ? model.capture(root) : null;
      Object[] args = frame.args == null ? null : Args.deepCopy(frame.args);
      return new FirstCall(frame.id(), root, frame.receiver, args, seq, state, before);
    } catch (RuntimeException e) {
      problems.report(
          "snapshot:" + frame.method.owner(),
          "could not snapshot the state of " + frame.method.owner() + " while discovering the step",
          e);
      return null;
    }
  }

  static Map<String, double[]> values(List<ModelAccess.ParameterTensor> params) {
    Map<String, double[]> values = new LinkedHashMap<>();
    for (ModelAccess.ParameterTensor p : params) {
      values.put(p.name(), p.view().toArray());
    }
    return values;
  }

  static boolean differs(Map<String, double[]> before, Map<String, double[]> after) {
    if (!before.keySet().equals(after.keySet())) {
      return true;
    }
    for (Map.Entry<String, double[]> e : before.entrySet()) {
      double[] a = e.getValue();
      double[] b = after.get(e.getKey());
      if (a.length != b.length) {
        return true;
      }
      for (int i = 0; i < a.length; i++) {
        if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
          return true;
        }
      }
    }
    return false;
  }

  private long fingerprint(Object root) {
    try {
      long h = 17;
      for (ModelAccess.ParameterTensor p : model.parameters(root)) {
        for (int i = 0, n = p.view().size(); i < n; i++) {
          h = h * 31 + Double.doubleToLongBits(p.view().get(i));
        }
      }
      return h;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
