package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.MethodTrait;
import dev.backprobe.model.MatrixObject;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.trace.DerivativeCall;
import dev.backprobe.trace.SourceLocation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * The trainer's pure functions: probed once (muted, on fresh test values) to learn which are
 * activations and which are derivatives of them, and watched at captured steps to see whether a
 * derivative is fed the activation's input or its output.
 */
final class Functions {

  /**
   * Share of a derivative's sampled arguments that must be values of one kind of tensor (the
   * activations, or the pre-activations) before the feed is called: a clear majority, so that a
   * few coincidental equal values (zeros from a ReLU) do not decide.
   */
  static final double FEED_MATCH_SHARE = 0.8;

  /** Values per tensor put in the lookup sets used to classify a derivative's arguments. */
  static final int FEED_SET_VALUES = 4096;

  private static final class Probed {
    final MethodInfo method;
    final Object receiver;
    /** For a function on matrix objects: one it was called on, the template of the test ones. */
    MatrixObject operand;
    ActivationKind activation;
    /** A leaky ReLU's slope for z < 0 as probing fitted it, else NaN. */
    double slope = Double.NaN;
    ProbeResult result;
    Set<Forward> checkedAgainst = new java.util.HashSet<>();

    Probed(MethodInfo method, Object receiver) {
      this.method = method;
      this.receiver = receiver;
    }
  }

  /**
   * An activation the trainer computes, as a derivative is checked against it: a leaky ReLU with
   * the slope of its forward pass, so that a derivative leaking 0.5 where the forward pass leaks
   * 0.05 is seen; NaN for the other kinds.
   */
  private record Forward(ActivationKind kind, double slope) {}

  private final FunctionProbing probing;
  private final Invoker invoker;
  private final Problems problems;
  private final ModelAccess model;
  private final Map<Integer, Probed> functions = new LinkedHashMap<>();
  private final List<Probed> queue = new ArrayList<>();
  private volatile boolean[] derivativeCandidates = new boolean[0];

  Functions(FunctionProbing probing, Invoker invoker, Problems problems, ModelAccess model) {
    this.probing = probing;
    this.invoker = invoker;
    this.problems = problems;
    this.model = model;
  }

  /** A pure function was called: probe it at the next quiet moment. */
  void seen(MethodInfo m, Object receiver) {
    if (!functions.containsKey(m.id())) {
      Probed p = new Probed(m, receiver);
      functions.put(m.id(), p);
      queue.add(p);
    }
  }

  /**
   * A function on the trainer's matrix objects was called on {@code operand}: probe it at the next
   * quiet moment on new objects of the operand's class (see {@link #matrixRows}).
   *
   * @param receiver the object it is called on when that is not the operand ({@code
   *     net.softmax(m)}), else null ({@code relu(m)}, {@code m.sigmoid()})
   */
  void seenMatrix(MethodInfo m, Object receiver, MatrixObject operand) {
    if (!functions.containsKey(m.id())) {
      Probed p = new Probed(m, receiver);
      p.operand = operand;
      functions.put(m.id(), p);
      queue.add(p);
    }
  }

  /** Whether this function was already queued or probed. */
  boolean knows(int id) {
    return functions.containsKey(id);
  }

  boolean isDerivativeCandidate(int id) {
    boolean[] d = derivativeCandidates;
    return id < d.length && d[id];
  }

  ActivationKind activation(int id) {
    Probed p = functions.get(id);
    return p == null ? null : p.activation;
  }

  /** Scalar activations (elementwise {@code double → double}) with their method ids. */
  Map<Integer, ActivationKind> scalarActivations() {
    Map<Integer, ActivationKind> result = new LinkedHashMap<>();
    for (Probed p : functions.values()) {
      if (p.activation != null && p.method.has(MethodTrait.SCALAR_FUNCTION)) {
        result.put(p.method.id(), p.activation);
      }
    }
    return result;
  }

  /**
   * Kinds of activations the trainer writes inline (no function of its own computes them), seen by
   * their values ({@link Roles}): its derivative functions are checked against these too.
   */
  private final Set<ActivationKind> inlineKinds = EnumSet.noneOf(ActivationKind.class);

  void inlineActivationSeen(ActivationKind kind) {
    inlineKinds.add(kind);
  }

  /** Calls a scalar function of the trainer (muted). */
  double apply(int id, double x) throws Exception {
    Probed p = functions.get(id);
    return scalar(p).applyAsDouble(x);
  }

  /** Probes what was queued: activations first, then derivatives against the kinds seen. */
  void probePending() {
    if (probing == null) {
      return;
    }
    List<Probed> todo = new ArrayList<>(queue);
    queue.clear();
    for (Probed p : todo) {
      identify(p);
    }
    Set<Forward> kinds = new java.util.LinkedHashSet<>();
    for (Probed p : functions.values()) {
      if (p.activation != null && !p.activation.isSoftmax()) {
        kinds.add(new Forward(p.activation, p.slope));
      }
    }
    for (ActivationKind kind : inlineKinds) {
      kinds.add(new Forward(kind, Double.NaN));
    }
    for (Probed p : functions.values()) {
      if (p.activation == null && p.method.has(MethodTrait.SCALAR_FUNCTION)) {
        if (!p.checkedAgainst.containsAll(kinds)) {
          checkDerivative(p, kinds);
        }
        markCandidate(p.method.id());
      }
    }
  }

  private void identify(Probed p) {
    try {
      FunctionProbing.Identified id =
          p.method.has(MethodTrait.SCALAR_FUNCTION)
              ? Quiet.call(() -> probing.identify(scalar(p)))
              : p.operand != null
                  ? identifyMatrixFunction(p)
                  : Quiet.call(() -> probing.identifyRows(rows(p)));
      if (id != null
          && id.kind() != ActivationKind.UNKNOWN
          && id.kind() != ActivationKind.IDENTITY) {
        p.activation = oneVectorIsOneRow(p, id.kind());
        p.slope = id.slope();
        p.result =
            new ProbeResult(
                p.method.qualifiedName(),
                Recorder.location(p.method, 0),
                p.activation,
                null,
                null,
                null,
                id.maxError(),
                null,
                null,
                p.method.name() + " computes " + p.activation.id());
      }
    } catch (Exception | LinkageError e) {
      problems.report(
          "probe:" + p.method.qualifiedName(),
          "could not probe " + p.method.qualifiedName(),
          e);
    }
  }

  /**
   * A function of one vector is probed on a flattened matrix, where a softmax normalises all of it;
   * for one example that is the right softmax, so it counts as a row-wise one.
   */
  private static ActivationKind oneVectorIsOneRow(Probed p, ActivationKind kind) {
    String descriptor = p.method.descriptor();
    boolean vector =
        descriptor.startsWith("([D)")
            || descriptor.startsWith("([F)")
            || p.operand != null && !p.operand.shaped();
    return vector && kind == ActivationKind.SOFTMAX_MATRIX ? ActivationKind.SOFTMAX_ROWS : kind;
  }

  private void checkDerivative(Probed p, Set<Forward> kinds) {
    FunctionProbing.DerivativeCheck best = null;
    ActivationKind bestKind = null;
    for (Forward forward : kinds) {
      try {
        FunctionProbing.DerivativeCheck check =
            Quiet.call(() -> probing.checkDerivative(forward.kind(), forward.slope(), scalar(p)));
        if (check != null && (best == null || better(check, best))) {
          best = check;
          bestKind = forward.kind();
        }
      } catch (Exception | LinkageError e) {
        problems.report(
            "probe:" + p.method.qualifiedName(),
            "could not probe " + p.method.qualifiedName(),
            e);
      }
    }
    p.checkedAgainst.addAll(kinds);
    if (best != null
        && best.verdict() != DerivativeVerdict.WRONG
        && best.verdict() != DerivativeVerdict.NOT_CHECKED) {
      p.result =
          new ProbeResult(
              p.method.qualifiedName(),
              Recorder.location(p.method, 0),
              null,
              bestKind,
              best.convention(),
              best.verdict(),
              best.maxError(),
              p.result == null ? null : p.result.calledWith(),
              p.result == null ? null : p.result.callSite(),
              best.detail());
    }
  }

  private static boolean better(FunctionProbing.DerivativeCheck a, FunctionProbing.DerivativeCheck b) {
    boolean aCorrect = a.verdict() == DerivativeVerdict.CORRECT;
    boolean bCorrect = b.verdict() == DerivativeVerdict.CORRECT;
    if (aCorrect != bCorrect) {
      return aCorrect;
    }
    boolean aWrong = a.verdict() == DerivativeVerdict.WRONG;
    boolean bWrong = b.verdict() == DerivativeVerdict.WRONG;
    if (aWrong != bWrong) {
      return !aWrong;
    }
    return a.maxError() < b.maxError();
  }

  private void markCandidate(int id) {
    boolean[] d = derivativeCandidates;
    if (id >= d.length) {
      d = java.util.Arrays.copyOf(d, Math.max(id + 1, d.length * 2));
    } else {
      d = d.clone();
    }
    d[id] = true;
    derivativeCandidates = d;
  }

  private DoubleUnaryOperator scalar(Probed p) {
    boolean isFloat = p.method.descriptor().startsWith("(F)");
    return x -> {
      try {
        Object r =
            invoker.invoke(p.method, p.receiver, new Object[] {isFloat ? (Object) (float) x : x});
        return ((Number) r).doubleValue();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private UnaryOperator<double[][]> rows(Probed p) {
    String d = p.method.descriptor();
    return m -> {
      try {
        Object arg;
        if (d.startsWith("([[D)")) {
          arg = m;
        } else if (d.startsWith("([D)")) {
          arg = m.length == 1 ? m[0].clone() : flatten(m);
        } else if (d.startsWith("([[F)")) {
          float[][] f = new float[m.length][];
          for (int i = 0; i < m.length; i++) {
            f[i] = new float[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
              f[i][j] = (float) m[i][j];
            }
          }
          arg = f;
        } else {
          float[] f = new float[m[0].length];
          for (int j = 0; j < f.length; j++) {
            f[j] = (float) m[0][j];
          }
          arg = f;
        }
        Object r = invoker.invoke(p.method, p.receiver, new Object[] {arg});
        double[] flat = TensorView.of(r).toArray();
        int columns = m[0].length;
        double[][] out = new double[flat.length / columns][columns];
        for (int i = 0; i < flat.length; i++) {
          out[i / columns][i % columns] = flat[i];
        }
        return out;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /**
   * Probes a function on matrix objects with the trainer's state protected: the test objects are
   * new ones ({@link MatrixObject#withValues}), and a receiver that is not one of them (the network
   * whose {@code softmax(m)} is probed) is snapshotted and restored, as for a loss replay, since the
   * classifier does not know that the function leaves it alone. A receiver that cannot be
   * snapshotted is not called: the function stays unprobed.
   */
  private FunctionProbing.Identified identifyMatrixFunction(Probed p) throws Exception {
    ModelAccess.StateSnapshot state;
    try {
      state = p.receiver == null ? null : model.capture(p.receiver);
    } catch (RuntimeException e) {
      return null;
    }
    try {
      return Quiet.call(() -> probing.identifyRows(matrixRows(p)));
    } finally {
      if (state != null) {
        state.restore();
      }
    }
  }

  /**
   * The function as a map of value matrices, called on a new matrix object holding each test
   * matrix: the operand itself for {@code m.sigmoid()}, the argument otherwise. An object that
   * does not store its shape (a vector) gets the values as one row, as {@code double[] → double[]}
   * functions do. A test matrix that cannot be put into such an object, or a result that is not a
   * matrix object, fails that probe call, and the function is not identified.
   */
  private UnaryOperator<double[][]> matrixRows(Probed p) {
    boolean own = !p.method.isStatic() && p.receiver == null;
    return m -> {
      try {
        double[][] values = p.operand.shaped() || m.length == 1 ? m : new double[][] {flatten(m)};
        Object test = p.operand.withValues(values);
        if (test == null) {
          throw new IllegalStateException("cannot put test values of this shape into a new matrix");
        }
        Object r =
            own
                ? invoker.invoke(p.method, test, new Object[0])
                : invoker.invoke(p.method, p.receiver, new Object[] {test});
        MatrixObject result = Tensors.matrix(r);
        if (result == null) {
          throw new IllegalStateException(p.method.qualifiedName() + " returned no matrix");
        }
        double[] flat = result.view().toArray();
        int columns = m[0].length;
        double[][] out = new double[flat.length / columns][columns];
        for (int i = 0; i < out.length * columns; i++) {
          out[i / columns][i % columns] = flat[i];
        }
        return out;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static double[] flatten(double[][] m) {
    int n = 0;
    for (double[] row : m) {
      n += row.length;
    }
    double[] flat = new double[n];
    int k = 0;
    for (double[] row : m) {
      System.arraycopy(row, 0, flat, k, row.length);
      k += row.length;
    }
    return flat;
  }

  /**
   * The derivative functions called during a captured step and what they were fed; also records
   * the first observation in the function's {@link ProbeResult}.
   */
  List<DerivativeCall> derivativeCalls(StepCapture c, Roles roles) {
    List<DerivativeCall> calls = new ArrayList<>();
    Set<Long> activationValues = new HashSet<>();
    Set<Long> preActivationValues = new HashSet<>();
    Map<Long, String> activationName = new HashMap<>();
    Map<Long, String> preActivationName = new HashMap<>();
    for (StepCapture.Seen s : c.inOrder()) {
      dev.backprobe.trace.TensorRole role = roles.role(s);
      boolean act =
          role == dev.backprobe.trace.TensorRole.ACTIVATION
              || role == dev.backprobe.trace.TensorRole.OUTPUT;
      boolean pre = role == dev.backprobe.trace.TensorRole.PRE_ACTIVATION;
      if (!act && !pre) {
        continue;
      }
      TensorView v = Tensors.view(s.array);
      int n = Math.min(v.size(), FEED_SET_VALUES);
      for (int i = 0; i < n; i++) {
        long bits = Double.doubleToLongBits(v.get(i));
        (act ? activationValues : preActivationValues).add(bits);
        (act ? activationName : preActivationName).putIfAbsent(bits, s.name);
      }
    }
    for (Integer id : c.scalarSamples.keySet()) {
      if (!isDerivativeCandidate(id)) {
        continue; // an activation's arguments, sampled to give fused loops their kind (Roles)
      }
      double[] samples = c.samples(id);
      int inAct = 0;
      int inPre = 0;
      String argName = null;
      for (double x : samples) {
        long bits = Double.doubleToLongBits(x);
        boolean a = activationValues.contains(bits);
        boolean z = preActivationValues.contains(bits);
        if (a && !z) {
          inAct++;
          argName = argName == null ? activationName.get(bits) : argName;
        } else if (z && !a) {
          inPre++;
          argName = argName == null ? preActivationName.get(bits) : argName;
        }
      }
      DerivativeConvention fed = DerivativeConvention.NEITHER;
      if (samples.length > 0 && inAct >= FEED_MATCH_SHARE * samples.length) {
        fed = DerivativeConvention.OF_OUTPUT;
      } else if (samples.length > 0 && inPre >= FEED_MATCH_SHARE * samples.length) {
        fed = DerivativeConvention.OF_INPUT;
      }
      record(calls, id, argName, fed, c.scalarCallSites.get(id));
    }
    for (StepCapture.FunctionCall call : c.functionCalls) {
      Probed p = functions.get(call.methodId());
      if (p == null || p.activation != null) {
        continue;
      }
      StepCapture.Seen arg = c.arrays.get(call.argument());
      DerivativeConvention fed = DerivativeConvention.NEITHER;
      String argName = null;
      if (arg != null) {
        dev.backprobe.trace.TensorRole role = roles.role(arg);
        argName = arg.name;
        if (role == dev.backprobe.trace.TensorRole.ACTIVATION
            || role == dev.backprobe.trace.TensorRole.OUTPUT) {
          fed = DerivativeConvention.OF_OUTPUT;
        } else if (role == dev.backprobe.trace.TensorRole.PRE_ACTIVATION) {
          fed = DerivativeConvention.OF_INPUT;
        }
      }
      StepCapture.Seen result = c.arrays.get(call.result());
      SourceLocation site =
          result != null && result.location != null && result.location.line() > 0
              ? result.location
              : call.caller() == null ? null : Recorder.location(call.caller().method, 0);
      record(calls, call.methodId(), argName, fed, site);
    }
    return calls;
  }

  private void record(
      List<DerivativeCall> calls,
      int methodId,
      String argName,
      DerivativeConvention fed,
      SourceLocation site) {
    Probed p = functions.get(methodId);
    if (p == null) {
      return;
    }
    calls.add(new DerivativeCall(p.method.qualifiedName(), argName, fed, site));
    ProbeResult r = p.result;
    if (r != null && r.calledWith() == null && fed != DerivativeConvention.NEITHER) {
      p.result =
          new ProbeResult(
              r.method(), r.location(), r.activation(), r.derivativeOf(), r.convention(),
              r.verdict(), r.maxError(), fed, site, r.detail());
    }
  }

  List<ProbeResult> results() {
    List<ProbeResult> results = new ArrayList<>();
    for (Probed p : functions.values()) {
      if (p.result != null) {
        results.add(p.result);
      }
    }
    return results;
  }

  Map<String, ActivationKind> activationKinds() {
    Map<String, ActivationKind> kinds = new LinkedHashMap<>();
    for (Probed p : functions.values()) {
      if (p.activation != null) {
        kinds.put(p.method.qualifiedName(), p.activation);
      }
    }
    return kinds;
  }
}
