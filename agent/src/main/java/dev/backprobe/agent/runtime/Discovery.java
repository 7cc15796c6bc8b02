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
   * Calls of the chosen step after which the choice is fixed even inside an unfinished outer
   * first call (see {@link #stepCalled}): a {@code main} holding a static model never exits, and
   * discovery traces every call while it lasts. 256 covers a per-example pass over a batch of
   * that many examples.
   */
  static final int MAX_DEFERRED_CALLS = 16 * PROMOTION_WINDOW;

  /** Calls of the chosen step so far (since it was chosen). */
  private int stepCalls;
  /**
   * A loss candidate called more than this many times per step inside it is a per-example helper
   * (a {@code predict(row)} in a loop), not the loss of the batch.
   */
  static final int MANY_CALLS_PER_STEP = 3;

  /**
   * Loss values remembered per candidate while discovering (the loss is chosen when the step is
   * final, and its curve should start at step 1): more than the promotion window.
   */
  static final int MAX_REMEMBERED_LOSSES = 4 * PROMOTION_WINDOW;


  /**
   * Largest model (values over all parameter tensors) whose whole state is snapshotted at the
   * entry of a step candidate while discovering: 4M doubles = 32 MB, half the heap goal of the
   * agent. Larger roots (usually data sets, not models) are compared by fingerprint only.
   */
  static final long MAX_SNAPSHOT_VALUES = 4_000_000L;

  /** {@link #fingerprints}' reading buffer, grown to the largest tensor hashed (discovery only). */
  private double[] hashBuffer = new double[0];

  /** What discovery knows of one method. */
  static final class MethodRecord {
    final MethodInfo info;
    int calls;
    FirstCall first;
    // loss candidates
    /** The tensors that one of its first calls changed (a forward pass caching activations). */
    final java.util.Set<String> changedNames = new java.util.TreeSet<>();
    boolean calledInsideStepCandidate;
    final java.util.Set<Integer> enclosing = new java.util.HashSet<>();
    Object lastReceiver;
    Object[] lastArgs;
    /** A loss candidate's first returned value in each step while discovering, for the curve. */
    final Map<Integer, Double> valueByStep = new LinkedHashMap<>();

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
    /** Whether it ran inside a loss candidate (a forward pass that the loss calls). */
    boolean insideLossCandidate;
    /** The parameter tensors this call changed (known at its exit). */
    java.util.Set<String> changedNames = java.util.Set.of();

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

  /**
   * Not a pure function, and not a setter ({@link MethodTrait#SETTER}: a {@code Matrix#set} filling
   * the inputs changes an object's arrays at every call, but from its arguments only).
   */
  static boolean isStepCandidate(MethodInfo m) {
    return !m.has(MethodTrait.PURE)
        && !m.has(MethodTrait.SCALAR_FUNCTION)
        && !m.has(MethodTrait.SETTER);
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
        if (r.first != null) {
          r.first.insideLossCandidate =
              enclosing.stream().anyMatch(f -> isLossCandidate(f.method));
        }
      } else if (r.first != null && r.first.changed && frame.method.id() != stepId) {
        decision = considerStep(r);
      }
    }
    for (Frame f : enclosing) {
      r.enclosing.add(f.id());
    }
    if (isLossCandidate(frame.method)) {
      for (Frame f : enclosing) {
        if (f.firstCall != null || f.id() == stepId) {
          r.calledInsideStepCandidate = true;
        }
      }
      if (root != null && r.calls <= 3) {
        frame.fingerprints = fingerprints(root);
      }
      r.lastReceiver = frame.receiver;
      r.lastArgs = frame.args == null ? r.lastArgs : Args.deepCopy(frame.args);
    }
    return decision;
  }

  private int considerStep(MethodRecord r) {
    if (stepId < 0) {
      return promote(
          r,
          " and its first call changed the parameters");
    }
    MethodRecord current = records.get(stepId);
    boolean inWindow = stepCalls < PROMOTION_WINDOW;
    if (current != null && current.first != null && r.first.encloses(current.first)
        && (inWindow || changesMoreThan(r, current))) {
      return promote(
          r,
          ", changes the parameters and encloses "
              + current.info.qualifiedName());
    }
    if (current != null
        && current.first != null
        && current.first.exited
        && current.first.insideLossCandidate
        && !r.first.insideLossCandidate
        && !current.first.changedNames.containsAll(r.first.changedNames)) {
      // the current step was first called by a loss candidate: a forward pass that caches its
      // activations in fields; this method changes other state (the weights) outside the loss
      return promote(
          r,
          " and changes the parameters; "
              + current.info.qualifiedName()
              + " is a forward pass called by the loss (it only rewrites "
              + String.join(", ", current.first.changedNames)
              + ")");
    }
    MethodRecord forward = sharedForwardPass(current, r);
    if (forward != null) {
      return promote(
          r,
          " and changes the parameters; "
              + current.info.qualifiedName()
              + " is a loss whose forward pass "
              + forward.info.qualifiedName()
              + ", called by both, only rewrites "
              + String.join(", ", current.first.changedNames));
    }
    if (current != null
        && current.first != null
        && current.first.exited
        && r.first.changedNames.size() > current.first.changedNames.size()
        && r.first.changedNames.containsAll(current.first.changedNames)) {
      // the current step only rewrote part of the state (a forward pass caching its activations,
      // often first called by the loss); this method changed all that and more: the weights
      return promote(
          r,
          " and changes more of the model than "
              + current.info.qualifiedName()
              + " (which only rewrites "
              + String.join(", ", current.first.changedNames)
              + ")");
    }
    return -1;
  }

  /** Makes {@code r} the step, with the report's reason: "discovered: … is called repeatedly…". */
  private int promote(MethodRecord r, String why) {
    stepId = r.info.id();
    stepReason = "discovered: " + r.info.qualifiedName() + " is called repeatedly" + why;
    return stepId;
  }

  /**
   * The forward pass that makes the current step a mere loss, if there is one: the current step
   * returns a scalar, and all its first call changed was changed by a call it made, of a method
   * that the candidate {@code r} calls too. That is a {@code cost(x)} computing {@code predict(x)},
   * which caches its activations in fields, beside a {@code fit(x)} that calls {@code predict(x)}
   * and then changes the weights. When the trainer calls {@code cost(x)} just before {@code
   * fit(x)} on the same example, {@code fit}'s first call leaves the cached activations as it found
   * them, so it seems to change other tensors than the loss rather than more (the rule below).
   */
  private MethodRecord sharedForwardPass(MethodRecord current, MethodRecord r) {
    if (current == null
        || current.first == null
        || !current.first.exited
        || !isLossCandidate(current.info)
        || r.first.insideLossCandidate
        || current.first.changedNames.containsAll(r.first.changedNames)) {
      return null;
    }
    for (MethodRecord f : records.values()) {
      FirstCall call = f.first;
      if (f != current
          && f != r
          && call != null
          && call.exited
          && call.root == current.first.root
          && current.first.encloses(call)
          && call.changedNames.containsAll(current.first.changedNames)
          && f.enclosing.contains(r.info.id())) {
        return f;
      }
    }
    return null;
  }

  /**
   * Past the promotion window (a choice left open by {@link #stepCalled}), an enclosing method
   * takes over only when its first call changed all that the step's did and more: the weights a
   * per-example forward pass never touches. An epoch loop around minibatch steps changes the same
   * weights as they do, and does not.
   */
  private static boolean changesMoreThan(MethodRecord outer, MethodRecord step) {
    return outer.first.exited && step.first.exited
        && outer.first.changedNames.size() > step.first.changedNames.size()
        && outer.first.changedNames.containsAll(step.first.changedNames);
  }

  /**
   * A tracked method exits while discovering.
   *
   * @param returned what it returned (boxed), or null
   * @param step the steps counted so far (0 before the step is known)
   */
  void onExit(Frame frame, Object root, Object returned, int step) {
    seq++;
    MethodRecord r = record(frame.method);
    if (step > 0
        && returned instanceof Number n
        && isLossCandidate(frame.method)
        && r.valueByStep.size() < MAX_REMEMBERED_LOSSES) {
      r.valueByStep.putIfAbsent(step, n.doubleValue());
    }
    if (frame.firstCall != null) {
      FirstCall first = frame.firstCall;
      first.exitSeq = seq;
      first.exited = true;
      try {
        first.afterValues = values(model.parameters(root));
        first.changedNames = changedNames(first.beforeValues, first.afterValues);
        first.changed = !first.changedNames.isEmpty();
      } catch (RuntimeException e) {
        problems.report(
            "params:" + frame.method.owner(),
            "could not read the parameters of " + frame.method.owner(),
            e);
      }
    }
    if (frame.fingerprints != null && root != null) {
      r.changedNames.addAll(changedSince(root, frame.fingerprints));
    }
  }

  /** The parameter tensors reachable from the root whose hashes differ from these. */
  java.util.Set<String> changedSince(Object root, Map<String, Long> before) {
    java.util.Set<String> changed = new java.util.TreeSet<>();
    fingerprints(root).forEach((name, hash) -> {
      if (!hash.equals(before.get(name))) {
        changed.add(name);
      }
    });
    return changed;
  }

  /**
   * Counts one more call of the chosen step; fixes the choice after the promotion window, unless
   * every call so far ran inside the first, unfinished call of another step candidate (a
   * per-example forward pass caching its activations in layer fields, called 40 times inside the
   * first {@code learnBatch()}): what that outer call changes is not known before it exits, so the
   * choice stays open until then, for at most {@link #MAX_DEFERRED_CALLS} calls.
   */
  void stepCalled(int calls) {
    stepCalls = calls;
    if (!settled && calls >= PROMOTION_WINDOW
        && (calls >= MAX_DEFERRED_CALLS || !insideAnUnfinishedFirstCall())) {
      settled = true;
    }
  }

  /** Whether a step candidate's first call that began before the step's own is still running. */
  private boolean insideAnUnfinishedFirstCall() {
    MethodRecord current = records.get(stepId);
    if (current == null || current.first == null) {
      return false;
    }
    for (MethodRecord r : records.values()) {
      if (r != current && r.first != null && !r.first.exited && r.first.encloses(current.first)) {
        return true;
      }
    }
    return false;
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
    hashBuffer = new double[0];
    for (MethodRecord r : records.values()) {
      if (r.info.id() != stepId) {
        r.first = null;
      }
    }
  }

  /**
   * The best loss candidate for this step, or null.
   *
   * <p>A candidate must be able to see the parameters when it is replayed (its receiver is the
   * model, the model is one of its arguments, or it is a static method of a static model's class):
   * a static {@code sum(double[])} of the step's scratch arrays, replayed on copies of those
   * arrays, would be a constant. It must not change what the step changes, except for state it
   * rewrites (a forward pass caching its activations in fields): the step changes those and the
   * weights too, and it must not be called many times per step inside it (a per-example {@code
   * predict(row)}). Scores: called inside the step (+8); the loss-name hint (+4); the step's own parameter types
   * (+3), so that each step's arguments can be replayed; array arguments (+2); the step's class
   * (+1); called from inside another candidate (−6: {@code loss()} wins over the
   * {@code sumOfSquares(out)} it calls).
   *
   * @param step the step method
   * @param stepRoot the object (or static class) whose parameters the step changes, or null
   * @param stepCalls how many times the step has been called so far
   */
  LossChoice chooseLoss(MethodInfo step, Object stepRoot, int stepCalls) {
    MethodRecord stepRecord = records.get(step.id());
    java.util.Set<String> stepChanged =
        stepRecord == null || stepRecord.first == null || !stepRecord.first.exited
            ? null
            : stepRecord.first.changedNames;
    String stepParams = Invoker.parameterTypes(step.descriptor());
    MethodRecord best = null;
    int bestScore = Integer.MIN_VALUE;
    for (MethodRecord r : new ArrayList<>(records.values())) {
      if (!isLossCandidate(r.info) || r.info.id() == step.id() || r.calls < 1) {
        continue;
      }
      if (r.info.has(MethodTrait.WRITES_ARRAY_FIELD) && r.info.has(MethodTrait.STEP_NAME)) {
        continue;
      }
      if (changesWhatTheStepChanges(r, stepChanged) || !seesModel(r, step, stepRoot)) {
        continue;
      }
      if (r.enclosing.contains(step.id())
          && r.calls > MANY_CALLS_PER_STEP * Math.max(1, stepCalls)) {
        // a per-example helper (predict(row)): replayed on its last arguments it would measure
        // one example's gradient, never the batch's, so it is no loss even when nothing else is
        continue;
      }
      int score = 0;
      if (r.enclosing.contains(step.id())) {
        score += 8;
      }
      if (r.info.has(MethodTrait.LOSS_NAME)) {
        score += 4;
      }
      String params = Invoker.parameterTypes(r.info.descriptor());
      if (params.equals(stepParams)) {
        score += 3;
      }
      if (params.contains("[")) {
        score += 2;
      }
      if (r.info.owner().equals(step.owner())) {
        score += 1;
      }
      if (calledInsideAnotherCandidate(r, step)) {
        score -= 6;
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

  /**
   * Whether a candidate changed everything the step changes (it is a step, not a loss). Unknown
   * step changes: any change disqualifies it.
   */
  private static boolean changesWhatTheStepChanges(MethodRecord r, java.util.Set<String> step) {
    if (r.changedNames.isEmpty()) {
      return false;
    }
    return step == null || step.isEmpty() || r.changedNames.containsAll(step);
  }

  /**
   * Whether a call that changed these tensors changed everything the chosen step's first call did
   * (so it is a step, not a loss), by {@link #changesWhatTheStepChanges}'s rule: a forward pass
   * rewriting cached activations changes some, never the weights.
   */
  boolean changesWhatTheStepChanges(java.util.Set<String> changed) {
    MethodRecord step = records.get(stepId);
    java.util.Set<String> stepChanged =
        step == null || step.first == null || !step.first.exited ? null : step.first.changedNames;
    return !changed.isEmpty()
        && (stepChanged == null || stepChanged.isEmpty() || changed.containsAll(stepChanged));
  }

  /** Whether a replay of the candidate reads the model's parameters (see chooseLoss). */
  private static boolean seesModel(MethodRecord r, MethodInfo step, Object stepRoot) {
    if (stepRoot == null) {
      return true; // nothing to compare with: do not exclude
    }
    if (r.lastReceiver != null
        && (r.lastReceiver == stepRoot || holds(r.lastReceiver, stepRoot))) {
      return true;
    }
    if (r.lastArgs != null) {
      for (Object a : r.lastArgs) {
        if (a == stepRoot) {
          return true;
        }
      }
    }
    return stepRoot instanceof Class<?> c && r.info.isStatic() && r.info.owner().equals(step.owner());
  }

  /** Whether one of the object's own fields refers to the model (a trainer holding its net). */
  private static boolean holds(Object owner, Object model) {
    for (Class<?> c = owner.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          if (f.get(owner) == model) {
            return true;
          }
        } catch (RuntimeException | IllegalAccessException e) {
          // an inaccessible field (another module): not this one
        }
      }
    }
    return false;
  }

  private boolean calledInsideAnotherCandidate(MethodRecord r, MethodInfo step) {
    for (int id : r.enclosing) {
      MethodRecord o = records.get(id);
      if (o != null && o != r && id != step.id() && isLossCandidate(o.info)) {
        return true;
      }
    }
    return false;
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

  /** The names of the tensors whose values (or presence) differ between two snapshots. */
  static java.util.Set<String> changedNames(
      Map<String, double[]> before, Map<String, double[]> after) {
    java.util.Set<String> changed = new java.util.TreeSet<>();
    for (Map.Entry<String, double[]> e : after.entrySet()) {
      double[] b = before.get(e.getKey());
      if (b == null || !java.util.Arrays.equals(b, e.getValue())) {
        changed.add(e.getKey());
      }
    }
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        changed.add(name);
      }
    }
    return changed;
  }


  /**
   * One hash per parameter tensor reachable from the root: what a call changed, cheaply. Each
   * tensor is read in bulk into one reused buffer: per-index reads of a {@code double[][]} cost a
   * division each, and a loss candidate's first calls are hashed on entry and exit (six passes over
   * a 258 k-value MLP took 15 ms of its discovery).
   */
  Map<String, Long> fingerprints(Object root) {
    Map<String, Long> hashes = new HashMap<>();
    try {
      for (ModelAccess.ParameterTensor p : model.parameters(root)) {
        int n = p.view().size();
        if (hashBuffer.length < n) {
          hashBuffer = new double[n];
        }
        p.view().copyInto(hashBuffer);
        long h = 17;
        for (int i = 0; i < n; i++) {
          h = h * 31 + Double.doubleToLongBits(hashBuffer[i]);
        }
        hashes.put(p.name(), h);
      }
    } catch (RuntimeException e) {
      // unreadable state: nothing is known to have changed
    }
    return hashes;
  }
}
