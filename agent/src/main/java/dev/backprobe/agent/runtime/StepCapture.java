package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.trace.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one captured step has seen so far: the state before it, the arrays and matrix objects its
 * methods produced (by identity, in the order they first appeared), the loss calls and derivative calls.
 */
final class StepCapture {

  /**
   * Arrays recorded per step at most: enough for every local of a deep MLP's forward and backward
   * pass; beyond it a per-example loop is storing the same locals over and over.
   */
  static final int MAX_ARRAYS = 512;

  /** An array seen during the step. */
  static final class Seen {
    final Object array;
    String name;
    SourceLocation location;
    /** The method that returned it, or -1. */
    int producedBy = -1;
    /**
     * Every tracked method that returned it, innermost first: {@code m.sigmoid()} returning what
     * {@code m.map(f)} made has both, and the sigmoid is the one probing knows.
     */
    final List<Integer> producers = new ArrayList<>(2);
    /** Methods it was passed to (when their arguments were asked for). */
    final List<Integer> passedTo = new ArrayList<>();
    final int order;
    /** Just returned to a caller: the caller's local name (the one the step's code uses) wins. */
    boolean renameOnStore;

    Seen(Object array, int order) {
      this.array = array;
      this.order = order;
    }
  }

  /** A call of a function that probing may find to be a derivative. */
  record FunctionCall(int methodId, Object argument, Object result, int callerId, Frame caller) {}

  final int step;
  final Frame frame;
  final Object root;
  final Object[] stepArgs;
  final ModelAccess.StateSnapshot before;
  final Map<String, double[]> beforeValues;
  final long startNanos;
  /** What capturing the step cost, until its verification (for the budget's estimate). */
  long costNanos;
  /** Lookup by identity; iterate with {@link #inOrder()} (an identity map's order is random). */
  final Map<Object, Seen> arrays = new IdentityHashMap<>();
  /**
   * The same records in the order they were first seen: what the trace lists and the first NaN is
   * looked for in, so that a run's trace and report do not change with identity hash codes.
   */
  private final List<Seen> inOrder = new ArrayList<>();
  final Map<String, Integer> nameUses = new HashMap<>();
  final List<FunctionCall> functionCalls = new ArrayList<>();
  /** Per scalar function (derivative candidates and activations), its arguments in this step. */
  final Map<Integer, ScalarSamples> scalarSamples = new LinkedHashMap<>();
  private int lastSampledId = -1;
  private ScalarSamples lastSamples;
  final Map<Integer, SourceLocation> scalarCallSites = new HashMap<>();
  /** Order of the first loss call in this step (arrays seen before it feed the loss), or -1. */
  int lossCallOrder = -1;
  Object lossReceiver;
  Object[] lossArgs;
  /** Δθ of the step before this one, by tensor, when it was recorded; else null. */
  Map<String, double[]> previousDelta;
  /** The step's returned scalar, when it returns one. */
  Double returned;

  StepCapture(
      int step,
      Frame frame,
      Object root,
      Object[] stepArgs,
      ModelAccess.StateSnapshot before,
      Map<String, double[]> beforeValues,
      long startNanos) {
    this.step = step;
    this.frame = frame;
    this.root = root;
    this.stepArgs = stepArgs;
    this.before = before;
    this.beforeValues = beforeValues;
    this.startNanos = startNanos;
  }

  /**
   * Rows of the 2-D arrays seen so far. A row stored into a local ({@code double[] wk = w[k]} in a
   * matrix product) is a view of a tensor already seen, not a tensor of its own: recording each
   * one would fill {@link #MAX_ARRAYS} with aliases before the activations are reached.
   */
  private final Set<Object> rows = Collections.newSetFromMap(new IdentityHashMap<>());

  /** The record of an array, created at its first sighting; null for rows and beyond the cap. */
  Seen see(Object array) {
    Seen s = arrays.get(array);
    if (s == null && arrays.size() < MAX_ARRAYS && !rows.contains(array)) {
      s = new Seen(array, arrays.size());
      arrays.put(array, s);
      inOrder.add(s);
      if (array instanceof Object[] matrix) {
        Collections.addAll(rows, matrix);
      } else {
        aliasStorage(array, s);
      }
    }
    return s;
  }

  /**
   * A matrix object's own array is the same tensor as the object: a {@code for (double[] r :
   * m.a)} in the trainer stores {@code m.a} into a hidden local, which would otherwise list the
   * matrix twice (as {@code times:return} and as {@code local3}) and report its saturation twice.
   */
  private void aliasStorage(Object value, Seen s) {
    if (value.getClass().isArray()) {
      return;
    }
    dev.backprobe.model.MatrixObject matrix = Tensors.matrix(value);
    Object storage = matrix == null ? null : matrix.storage();
    if (storage != null && !arrays.containsKey(storage)) {
      arrays.put(storage, s);
      if (storage instanceof Object[] storedRows) {
        Collections.addAll(rows, storedRows);
      }
    }
  }

  /** Every array seen, in the order of first sighting (unmodifiable). */
  List<Seen> inOrder() {
    return Collections.unmodifiableList(inOrder);
  }

  /**
   * Store sites that stored a row of a seen matrix in this step ({@code double[] wi = w[i]} in a
   * loop): their later stores are skipped without a lookup, as they are rows again. A trainer's
   * inner loops store tens of thousands of rows per step, and two identity lookups each were the
   * largest cost of a captured step.
   */
  private final java.util.BitSet rowSites = new java.util.BitSet();

  /** Whether this store site is known to store rows of seen matrices. */
  boolean storesRows(int siteId) {
    return rowSites.get(siteId);
  }

  /** An array stored into a named local: names it (the first name wins within a step). */
  void stored(Object array, int siteId, MethodInfo method, String local, int line) {
    Seen s = see(array);
    if (s == null && rows.contains(array)) {
      rowSites.set(siteId);
    }
    if (s == null
        || !s.renameOnStore && s.name != null && s.location != null && s.location.line() > 0) {
      return;
    }
    s.renameOnStore = false;
    String base = method.owner() + "#" + method.name() + ":" + local;
    int use = nameUses.merge(base, 1, Integer::sum);
    s.name = use == 1 ? base : base + "#" + use;
    s.location = new SourceLocation(method.owner(), method.name(), method.file(), line);
  }

  /** A container of rows stored into a named local, and where: see {@link #storedContainer}. */
  private record Container(Object[] rows, String name, SourceLocation location, int order) {}

  /** Containers of per-layer rows, by identity, in the order they were stored. */
  private final Map<Object, Container> containers = new IdentityHashMap<>();

  private final List<Container> containersInOrder = new ArrayList<>();

  /**
   * A {@code double[][]} (or {@code float[][]}) that is no matrix stored into a named local: rows
   * of different lengths, or rows still null ({@code double[][] as = new double[4][]}, filled layer
   * by layer as {@code as[l + 1] = new double[n]}). It is the trainer's list of per-layer arrays —
   * activations, pre-activations — each row a tensor of its own, so its rows are read when the step
   * is over ({@link #expandContainers}), named {@code as[1]}, {@code as[2]}, ….
   */
  void storedContainer(Object[] rows, MethodInfo method, String local, int line) {
    if (containers.containsKey(rows) || arrays.size() >= MAX_ARRAYS) {
      return;
    }
    Container c =
        new Container(
            rows,
            method.owner() + "#" + method.name() + ":" + local,
            new SourceLocation(method.owner(), method.name(), method.file(), line),
            arrays.size());
    containers.put(rows, c);
    containersInOrder.add(c);
  }

  /**
   * The rows of the stored containers, as tensors, each at its container's place in the order of
   * first sighting (see {@link #storedContainer}); a row already seen under another name keeps it.
   * Idempotent.
   */
  void expandContainers() {
    for (Container c : containersInOrder) {
      for (int i = 0; i < c.rows().length; i++) {
        Object row = c.rows()[i];
        if (row == null || arrays.containsKey(row) || !Tensors.supports(row)
            || arrays.size() >= MAX_ARRAYS) {
          continue;
        }
        Seen s = new Seen(row, c.order());
        arrays.put(row, s);
        inOrder.add(s);
        s.name = c.name() + "[" + i + "]";
        s.location = c.location();
      }
    }
  }

  /** An array returned by a tracked method (named after the method until a store names it). */
  void returned(Object array, MethodInfo method) {
    Seen s = see(array);
    if (s == null) {
      return;
    }
    if (s.producedBy < 0) {
      s.producedBy = method.id();
    }
    if (!s.producers.contains(method.id())) {
      s.producers.add(method.id());
    }
    s.renameOnStore = true;
    if (s.name == null) {
      s.name = method.owner() + "#" + method.name() + ":return";
      // the method's first line until a store names it: a return value has no line of its own
      s.location =
          new SourceLocation(method.owner(), method.name(), method.file(), method.firstLine());
    }
  }

  /** Whether the array already has a name in this step (it was stored or returned before). */
  boolean named(Object array) {
    Seen s = arrays.get(array);
    return s != null && s.name != null;
  }

  /**
   * An array returned by a method of another class to a tracked caller: named after the caller and
   * the method that made it ({@code Classifier#probs:times()}), at the calling line.
   */
  void returnedTo(Object array, MethodInfo method, MethodInfo caller, SourceLocation at) {
    returned(array, method);
    Seen s = arrays.get(array);
    if (s == null || !s.name.equals(method.owner() + "#" + method.name() + ":return")) {
      return;
    }
    String base = caller.owner() + "#" + caller.name() + ":" + method.name() + "()";
    int use = nameUses.merge(base, 1, Integer::sum);
    s.name = use == 1 ? base : base + "#" + use;
    s.location = at;
  }

  /** Whether a scalar function's arguments have been sampled in this step already. */
  boolean hasSamples(int methodId) {
    return methodId == lastSampledId || scalarSamples.containsKey(methodId);
  }

  /** Where the step first called a scalar function (set before its first sample). */
  void scalarCallSite(int methodId, SourceLocation callSite) {
    scalarCallSites.putIfAbsent(methodId, callSite);
  }

  void scalarArgument(int methodId, double value) {
    // a loop calls the same function over and over: the last one's samples spare the lookup
    ScalarSamples samples =
        methodId == lastSampledId ? lastSamples : scalarSamples.get(methodId);
    lastSampledId = methodId;
    lastSamples = samples;
    if (samples == null) {
      samples = new ScalarSamples();
      scalarSamples.put(methodId, samples);
      lastSamples = samples;
    }
    samples.add(value);
  }

  /** The sampled arguments of a scalar function in this step (empty when it was not called). */
  double[] samples(int methodId) {
    ScalarSamples s = scalarSamples.get(methodId);
    return s == null ? new double[0] : s.values();
  }
}
