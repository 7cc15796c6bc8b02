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

  /** Scalar arguments kept per derivative function per step to classify what it is fed. */
  static final int MAX_SCALAR_SAMPLES = 256;

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
  final Map<Object, Seen> arrays = new IdentityHashMap<>();
  final Map<String, Integer> nameUses = new HashMap<>();
  final List<FunctionCall> functionCalls = new ArrayList<>();
  final Map<Integer, double[]> scalarSamples = new LinkedHashMap<>();
  final Map<Integer, Integer> scalarSampleCounts = new HashMap<>();
  final Map<Integer, SourceLocation> scalarCallSites = new HashMap<>();
  /** Order of the first loss call in this step (arrays seen before it feed the loss), or -1. */
  int lossCallOrder = -1;
  Object lossReceiver;
  Object[] lossArgs;
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
      if (array instanceof Object[] matrix) {
        Collections.addAll(rows, matrix);
      }
    }
    return s;
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
      s.location = new SourceLocation(method.owner(), method.name(), method.file(), 0);
    }
  }

  void scalarArgument(int methodId, double value, SourceLocation callSite) {
    int n = scalarSampleCounts.getOrDefault(methodId, 0);
    if (n >= MAX_SCALAR_SAMPLES) {
      return;
    }
    double[] samples = scalarSamples.computeIfAbsent(methodId, k -> new double[MAX_SCALAR_SAMPLES]);
    samples[n] = value;
    scalarSampleCounts.put(methodId, n + 1);
    scalarCallSites.putIfAbsent(methodId, callSite);
  }

  double[] samples(int methodId) {
    double[] s = scalarSamples.get(methodId);
    return s == null ? new double[0] : java.util.Arrays.copyOf(s, scalarSampleCounts.get(methodId));
  }
}
