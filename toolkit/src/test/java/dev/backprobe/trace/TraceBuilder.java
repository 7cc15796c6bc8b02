package dev.backprobe.trace;

import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.Histogram;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.UnitActivity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds synthetic traces for tests: statistics, unit activity and axis sums are computed from the
 * values given, the way the recorder would, so a test states values and not summaries.
 */
public final class TraceBuilder {
  public static final String NET = "pkg.Net";

  private String updateModel = "sgd";
  private final List<LossPoint> losses = new ArrayList<>();
  private final List<StepTrace> steps = new ArrayList<>();
  private final List<ProbeResult> probes = new ArrayList<>();

  public static TraceBuilder trace() {
    return new TraceBuilder();
  }

  public TraceBuilder updateModel(String model) {
    this.updateModel = model;
    return this;
  }

  /** Losses at steps 1, 2, 3… */
  public TraceBuilder losses(double... values) {
    for (int i = 0; i < values.length; i++) {
      losses.add(new LossPoint(i + 1, values[i]));
    }
    return this;
  }

  /** A loss curve of {@code n} steps: {@code f(step)}. */
  public TraceBuilder losses(int n, java.util.function.IntToDoubleFunction f) {
    for (int step = 1; step <= n; step++) {
      losses.add(new LossPoint(step, f.applyAsDouble(step)));
    }
    return this;
  }

  public TraceBuilder step(int step, Consumer<StepBuilder> content) {
    StepBuilder builder = new StepBuilder(step);
    content.accept(builder);
    steps.add(builder.build());
    return this;
  }

  /** The same content at each of the given steps. */
  public TraceBuilder steps(int[] numbers, java.util.function.BiConsumer<Integer, StepBuilder> c) {
    for (int step : numbers) {
      step(step, s -> c.accept(step, s));
    }
    return this;
  }

  public TraceBuilder probe(ProbeResult probe) {
    probes.add(probe);
    return this;
  }

  public Trace build() {
    List<Integer> captured = steps.stream().map(StepTrace::step).toList();
    int last = Math.max(
        losses.isEmpty() ? 0 : losses.get(losses.size() - 1).step(),
        captured.isEmpty() ? 0 : captured.get(captured.size() - 1));
    Map<String, String> options = new LinkedHashMap<>();
    options.put("capture", "log");
    RunInfo run = new RunInfo("backprobe", "0.1.0-test", "pkg.Main", "java pkg.Main", "Test JVM 17",
        options, List.of("pkg.*"), NET + "#trainStep", "given", NET + "#loss", "given",
        updateModel, last, captured, 1000, 20, List.of());
    return new Trace(run, List.copyOf(losses), List.copyOf(steps), List.copyOf(probes));
  }

  public static SourceLocation at(String method, int line) {
    return new SourceLocation(NET, method, "Net.java", line);
  }

  /** One captured step. */
  public static final class StepBuilder {
    private final int step;
    private Double loss;
    private final List<TensorTrace> tensors = new ArrayList<>();
    private final List<GradientCheck> checks = new ArrayList<>();
    private final List<DerivativeCall> calls = new ArrayList<>();
    private NanOrigin nanOrigin;

    StepBuilder(int step) {
      this.step = step;
    }

    public StepBuilder loss(double value) {
      this.loss = value;
      return this;
    }

    public StepBuilder tensor(TensorTrace tensor) {
      tensors.add(tensor);
      return this;
    }

    /** A parameter {@code pkg.Net.<field>} with the given values and the update Δθ it got. */
    public StepBuilder parameter(String field, double[][] values, double[][] update) {
      double[] flat = flatten(values);
      double[] delta = flatten(update);
      double ratio = norm(delta) / norm(flat);
      tensors.add(new TensorTrace(NET + "." + field, TensorRole.PARAMETER, null,
          new int[] {values.length, values[0].length}, "double[][]", at("trainStep", 40),
          stats(flat), null, null, flat.length <= 64 ? flat : null, stats(delta), ratio));
      return this;
    }

    private static double norm(double[] v) {
      double s = 0;
      for (double x : v) {
        s += x * x;
      }
      return Math.sqrt(s);
    }

    /** A parameter {@code pkg.Net.<field>} with the given values and update/weight ratio. */
    public StepBuilder parameter(String field, double[][] values, double updateRatio) {
      double[] flat = flatten(values);
      double[] delta = new double[flat.length];
      for (int i = 0; i < flat.length; i++) {
        delta[i] = -updateRatio * flat[i];
      }
      tensors.add(new TensorTrace(NET + "." + field, TensorRole.PARAMETER, null,
          new int[] {values.length, values[0].length}, "double[][]", at("trainStep", 40),
          stats(flat), null, null, flat.length <= 64 ? flat : null, stats(delta), updateRatio));
      return this;
    }

    /**
     * A zero-initialised vector parameter at its first capture: the values are its first update,
     * and its update/weight ratio is undefined (null), as the agent records it.
     */
    public StepBuilder parameterFromZero(String field, double[] values) {
      tensors.add(new TensorTrace(NET + "." + field, TensorRole.PARAMETER, null,
          new int[] {values.length}, "double[]", at("trainStep", 41), stats(values), null, null,
          values.clone(), stats(values), null));
      return this;
    }

    /** A vector parameter. */
    public StepBuilder parameter(String field, double[] values, double updateRatio) {
      double[] delta = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        delta[i] = -updateRatio * values[i];
      }
      tensors.add(new TensorTrace(NET + "." + field, TensorRole.PARAMETER, null,
          new int[] {values.length}, "double[]", at("trainStep", 41), stats(values), null, null,
          values.clone(), stats(delta), updateRatio));
      return this;
    }

    /**
     * A batch tensor {@code pkg.Net#<method>:<local>} (rows = examples) with statistics, unit
     * activity for activations and axis sums for non-negative values computed from the values.
     */
    public StepBuilder batch(String method, String local, TensorRole role, String kind,
        double[][] values, int line) {
      double[] flat = flatten(values);
      boolean activation = role == TensorRole.ACTIVATION || role == TensorRole.OUTPUT;
      UnitActivity units = activation ? units(values, ActivationKind.fromId(kind)) : null;
      boolean nonNegative = java.util.Arrays.stream(flat).allMatch(v -> v >= 0);
      tensors.add(new TensorTrace(NET + "#" + method + ":" + local, role, kind,
          new int[] {values.length, values[0].length}, "double[][]", at(method, line),
          stats(flat), units, nonNegative ? axisSums(values) : null,
          flat.length <= 64 ? flat : null, null, null));
      return this;
    }

    public StepBuilder check(GradientCheck check) {
      checks.add(check);
      return this;
    }

    /** An update check of {@code pkg.Net.<field>} at this step. */
    public StepBuilder check(String field, CheckVerdict verdict, double cosine,
        double relativeError, double effectiveLearningRate, CheckMode mode, int size) {
      checks.add(new GradientCheck(NET + "." + field, step, CheckSubject.UPDATE, mode, size,
          2 * size, cosine, relativeError, effectiveLearningRate, -0.01 * cosine, 0.5,
          0.5 * Math.abs(effectiveLearningRate), 1e-9, 0, 0, verdict));
      return this;
    }

    public StepBuilder derivativeCall(DerivativeCall call) {
      calls.add(call);
      return this;
    }

    public StepBuilder nanOrigin(NanOrigin origin) {
      this.nanOrigin = origin;
      return this;
    }

    StepTrace build() {
      return new StepTrace(step, loss, List.copyOf(tensors), List.copyOf(checks),
          List.copyOf(calls), nanOrigin);
    }
  }

  // ---- values and summaries -------------------------------------------------------------------

  /** A rows × columns matrix of {@code f(row, column)}. */
  public static double[][] matrix(int rows, int columns, java.util.function.BiFunction<Integer,
      Integer, Double> f) {
    double[][] m = new double[rows][columns];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        m[i][j] = f.apply(i, j);
      }
    }
    return m;
  }

  /** A deterministic pseudo-random value in [−1, 1) for index (i, j) and a seed. */
  public static double noise(int i, int j, int seed) {
    long h = (i * 73856093L) ^ (j * 19349663L) ^ (seed * 83492791L);
    h = (h ^ (h >>> 13)) * 0x5bd1e995L;
    h ^= h >>> 15;
    return ((h & 0xFFFFFF) / (double) 0x1000000) * 2 - 1;
  }

  static double[] flatten(double[][] values) {
    return java.util.Arrays.stream(values).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  /** Statistics of values, as the recorder computes them. */
  public static TensorStats stats(double... values) {
    long nan = 0;
    long inf = 0;
    int finite = 0;
    double sum = 0;
    double sumSq = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int zero = 0;
    int negative = 0;
    int nearZero = 0;
    int nearOne = 0;
    int nearMinusOne = 0;
    double tol = TensorStats.ASYMPTOTE_TOLERANCE;
    for (double v : values) {
      if (Double.isNaN(v)) {
        nan++;
        continue;
      }
      if (Double.isInfinite(v)) {
        inf++;
        continue;
      }
      finite++;
      sum += v;
      sumSq += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
      zero += v == 0 ? 1 : 0;
      negative += v < 0 ? 1 : 0;
      nearZero += Math.abs(v) <= tol ? 1 : 0;
      nearOne += Math.abs(v - 1) <= tol ? 1 : 0;
      nearMinusOne += Math.abs(v + 1) <= tol ? 1 : 0;
    }
    double n = Math.max(1, finite);
    double mean = finite == 0 ? Double.NaN : sum / finite;
    double std = finite == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumSq / finite - mean * mean));
    long[] counts = new long[Histogram.DEFAULT_BINS];
    if (finite > 0) {
      double width = (max - min) / counts.length;
      for (double v : values) {
        if (Double.isFinite(v)) {
          int bin = width == 0 ? 0 : (int) Math.min(counts.length - 1, (v - min) / width);
          counts[bin]++;
        }
      }
    }
    return new TensorStats(values.length, mean, std, finite == 0 ? Double.NaN : min,
        finite == 0 ? Double.NaN : max, Math.sqrt(sumSq), nan, inf, zero / n, negative / n,
        nearZero / n, nearOne / n, nearMinusOne / n,
        new Histogram(finite == 0 ? 0 : min, finite == 0 ? 0 : max, counts));
  }

  static UnitActivity units(double[][] values, ActivationKind kind) {
    int columns = values[0].length;
    double[] active = new double[columns];
    double[] saturated = new double[columns];
    double tol = TensorStats.ASYMPTOTE_TOLERANCE;
    for (double[] row : values) {
      for (int j = 0; j < columns; j++) {
        double v = row[j];
        active[j] += v != 0 ? 1 : 0;
        boolean atAsymptote = switch (kind) {
          case SIGMOID -> Math.abs(v) <= tol || Math.abs(v - 1) <= tol;
          case TANH -> Math.abs(v + 1) <= tol || Math.abs(v - 1) <= tol;
          default -> false;
        };
        saturated[j] += atAsymptote ? 1 : 0;
      }
    }
    for (int j = 0; j < columns; j++) {
      active[j] /= values.length;
      saturated[j] /= values.length;
    }
    return new UnitActivity(active, saturated);
  }

  static AxisSums axisSums(double[][] values) {
    double rowMin = Double.POSITIVE_INFINITY;
    double rowMax = Double.NEGATIVE_INFINITY;
    double[] columns = new double[values[0].length];
    double total = 0;
    for (double[] row : values) {
      double sum = 0;
      for (int j = 0; j < row.length; j++) {
        sum += row[j];
        columns[j] += row[j];
      }
      rowMin = Math.min(rowMin, sum);
      rowMax = Math.max(rowMax, sum);
      total += sum;
    }
    double colMin = java.util.Arrays.stream(columns).min().orElse(Double.NaN);
    double colMax = java.util.Arrays.stream(columns).max().orElse(Double.NaN);
    return new AxisSums(rowMin, rowMax, colMin, colMax, total);
  }
}
