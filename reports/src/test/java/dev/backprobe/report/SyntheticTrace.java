package dev.backprobe.report;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.findings.Target;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.Histogram;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.UnitActivity;
import dev.backprobe.trace.DerivativeCall;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds synthetic traces of a fully connected network (any layer sizes) and findings for every rule
 * id, with statistics computed from generated values so that the charts have real shapes.
 */
final class SyntheticTrace {

  static final int BATCH = 30;

  private String owner = "com.acme.nn.Net";
  private String file = "Net.java";
  private int[] layers = {4, 8, 3};
  private int totalSteps = 200;
  private int[] captured = {1, 2, 3, 5, 10, 20, 50, 100, 200};
  private boolean nanEverywhere;
  private boolean losses = true;
  private String commandLine = "java -javaagent:backprobe-agent.jar -cp target/classes com.acme.nn.Main";
  private long seed = 42;
  private String hiddenKind = "sigmoid";

  SyntheticTrace owner(String owner) {
    this.owner = owner;
    return this;
  }

  SyntheticTrace file(String file) {
    this.file = file;
    return this;
  }

  SyntheticTrace layers(int... layers) {
    this.layers = layers;
    return this;
  }

  SyntheticTrace steps(int total, int... captured) {
    this.totalSteps = total;
    this.captured = captured;
    return this;
  }

  /** The hidden layers' activation: {@code sigmoid} (default) or {@code relu}. */
  SyntheticTrace hiddenKind(String kind) {
    this.hiddenKind = kind;
    return this;
  }

  SyntheticTrace nanEverywhere() {
    this.nanEverywhere = true;
    return this;
  }

  SyntheticTrace withoutLosses() {
    this.losses = false;
    return this;
  }

  SyntheticTrace commandLine(String commandLine) {
    this.commandLine = commandLine;
    return this;
  }

  String owner() {
    return owner;
  }

  String weight(int layer) {
    return owner + ".w" + layer;
  }

  String bias(int layer) {
    return owner + ".b" + layer;
  }

  String activation(int layer) {
    return owner + "#forward:a" + layer;
  }

  SourceLocation at(String method, int line) {
    return new SourceLocation(owner, method, file, line);
  }

  Trace build() {
    Random random = new Random(seed);
    List<StepTrace> steps = new ArrayList<>();
    for (int step : captured) {
      steps.add(step(step, random));
    }
    List<LossPoint> lossPoints = new ArrayList<>();
    if (losses) {
      for (int s = 1; s <= totalSteps; s++) {
        lossPoints.add(new LossPoint(s, nanEverywhere ? Double.NaN : loss(s)));
      }
    }
    RunInfo run = new RunInfo("backprobe", "0.1.0-test", mainClass(), commandLine,
        "Eclipse Adoptium 17.0.15", options(), List.of(packageOf(owner) + ".*"),
        owner + "#trainStep", "the only method that changes every parameter field",
        owner + "#loss", "returns a double and reads the parameters", "sgd", totalSteps,
        intList(captured), 12_345, 480, List.of("class com.acme.nn.Weird could not be instrumented"));
    List<ProbeResult> probes = List.of(
        new ProbeResult(owner + "#sigmoid", at("sigmoid", 90), ActivationKind.SIGMOID, null, null,
            null, 1e-12, null, null, "a logistic sigmoid"),
        new ProbeResult(owner + "#dersgm", at("dersgm", 95), null, ActivationKind.SIGMOID,
            DerivativeConvention.OF_INPUT, DerivativeVerdict.WRONG_SIGN, 1e-12,
            DerivativeConvention.OF_OUTPUT, at("trainStep", 61),
            "returns σ(x)(σ(x)−1) = −σ'(x)"));
    return new Trace(run, lossPoints, steps, probes);
  }

  String mainClass() {
    String pkg = packageOf(owner);
    return pkg.isEmpty() ? "Main" : pkg + ".Main";
  }

  private double loss(int s) {
    return 2.3 * Math.exp(-s / 60.0) + 0.05 + 0.01 * Math.sin(s);
  }

  private Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("include", packageOf(owner) + ".*");
    o.put("capture", "log");
    o.put("budget", "5%");
    return o;
  }

  private static String packageOf(String cls) {
    int dot = cls.lastIndexOf('.');
    return dot < 0 ? "" : cls.substring(0, dot);
  }

  private StepTrace step(int step, Random random) {
    List<TensorTrace> tensors = new ArrayList<>();
    List<GradientCheck> checks = new ArrayList<>();
    int input = layers[0];
    tensors.add(tensor(owner + "#train:x", TensorRole.INPUT, null, new int[] {BATCH, input},
        values(random, BATCH * input, 0, 1), null, null, null, 40));
    for (int l = 1; l < layers.length; l++) {
      int in = layers[l - 1];
      int out = layers[l];
      double scale = 1 / Math.sqrt(in);
      double ratio = 1e-3 * Math.pow(0.7, l) * (1 + 0.1 * Math.log(step));
      tensors.add(tensor(weight(l), TensorRole.PARAMETER, null, new int[] {in, out},
          values(random, in * out, 0, scale), stats(values(random, in * out, 0, scale * ratio)),
          ratio, null, 61 + l));
      tensors.add(tensor(bias(l), TensorRole.PARAMETER, null, new int[] {out},
          values(random, out, 0.01, 0.01), stats(values(random, out, 0, 1e-5)), ratio * 0.5,
          null, 63 + l));
      boolean last = l == layers.length - 1;
      String kind = last ? "softmax-matrix" : hiddenKind;
      double[] act = last ? softmaxMatrix(random, BATCH, out)
          : hiddenKind.equals("relu") ? relu(random, BATCH * out) : sigmoid(random, BATCH * out, step);
      TensorTrace a = tensor(activation(l), last ? TensorRole.OUTPUT : TensorRole.ACTIVATION, kind,
          new int[] {BATCH, out}, act, null, null,
          units(act, BATCH, out, last, kind.equals("sigmoid")), 30 + l);
      if (last) {
        a = withSums(a, act, BATCH, out);
      }
      tensors.add(a);
      checks.add(check(weight(l), step, l, random));
      checks.add(check(bias(l), step, l, random));
    }
    NanOrigin nan = nanEverywhere && step == captured[0]
        ? new NanOrigin(activation(1), at("forward", 31), 12, 3) : null;
    return new StepTrace(step, nanEverywhere ? Double.NaN : loss(step), tensors, checks,
        List.of(new DerivativeCall(owner + "#dersgm", activation(1),
            DerivativeConvention.OF_OUTPUT, at("trainStep", 61))), nan);
  }

  private GradientCheck check(String tensor, int step, int layer, Random random) {
    CheckVerdict verdict = layer == 1 ? CheckVerdict.CLIMBS
        : tensor.contains(".b") ? CheckVerdict.MISMATCH : CheckVerdict.AGREES;
    if (step == captured[captured.length - 1] && layer == 1) {
      verdict = CheckVerdict.BELOW_NOISE_FLOOR;
    }
    double cos = verdict == CheckVerdict.CLIMBS ? -0.5 - 0.1 * random.nextDouble()
        : verdict == CheckVerdict.MISMATCH ? 0.8 : 0.999;
    return new GradientCheck(tensor, step, CheckSubject.UPDATE, CheckMode.COORDINATES, 32, 64,
        cos, verdict == CheckVerdict.AGREES ? 1e-4 : 0.4, 0.1, cos > 0 ? -0.02 : 0.02, 0.3, 0.03,
        1e-9, layer == 2 ? 2 : 0, verdict == CheckVerdict.BELOW_NOISE_FLOOR ? 32 : 0, verdict);
  }

  private TensorTrace tensor(String name, TensorRole role, String kind, int[] shape, double[] v,
      TensorStats update, Double ratio, UnitActivity units, int line) {
    if (nanEverywhere) {
      for (int i = 0; i < v.length; i += 3) {
        v[i] = i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
      }
    }
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    return new TensorTrace(name, role, kind, shape, "double[][]", at("trainStep", line), stats(v),
        units, null, size <= 64 ? v : null, update, nanEverywhere ? Double.valueOf(Double.NaN) : ratio);
  }

  private static TensorTrace withSums(TensorTrace t, double[] v, int rows, int cols) {
    double rowMin = Double.POSITIVE_INFINITY;
    double rowMax = Double.NEGATIVE_INFINITY;
    double colMin = Double.POSITIVE_INFINITY;
    double colMax = Double.NEGATIVE_INFINITY;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += v[r * cols + c];
      }
      rowMin = Math.min(rowMin, sum);
      rowMax = Math.max(rowMax, sum);
      total += sum;
    }
    for (int c = 0; c < cols; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += v[r * cols + c];
      }
      colMin = Math.min(colMin, sum);
      colMax = Math.max(colMax, sum);
    }
    return new TensorTrace(t.name(), t.role(), t.kind(), t.shape(), t.storage(), t.location(),
        t.stats(), t.units(), new AxisSums(rowMin, rowMax, colMin, colMax, total), t.values(),
        t.update(), t.updateRatio());
  }

  private static double[] values(Random random, int n, double mean, double std) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + std * random.nextGaussian();
    }
    return v;
  }

  /** Sigmoid outputs drifting towards saturation as steps go on; unit 0 is pinned at 1. */
  private static double[] sigmoid(Random random, int n, int step) {
    double[] v = new double[n];
    double spread = 1 + Math.log(step);
    for (int i = 0; i < n; i++) {
      v[i] = 1 / (1 + Math.exp(-spread * 2 * random.nextGaussian()));
    }
    return v;
  }

  private static double[] relu(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.max(0, random.nextGaussian());
    }
    return v;
  }

  private static double[] softmaxMatrix(Random random, int rows, int cols) {
    double[] v = new double[rows * cols];
    double total = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(random.nextGaussian());
      total += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= total;
    }
    return v;
  }

  /** Unit activity: some units dead (always 0), one saturated; the rest vary. */
  private static UnitActivity units(
      double[] v, int rows, int cols, boolean output, boolean saturates) {
    double[] active = new double[cols];
    double[] saturated = new double[cols];
    for (int c = 0; c < cols; c++) {
      int on = 0;
      int sat = 0;
      for (int r = 0; r < rows; r++) {
        double x = v[r * cols + c];
        on += x != 0 ? 1 : 0;
        boolean atAsymptote =
            x < TensorStats.ASYMPTOTE_TOLERANCE || x > 1 - TensorStats.ASYMPTOTE_TOLERANCE;
        sat += saturates && atAsymptote ? 1 : 0;
      }
      active[c] = (double) on / rows;
      saturated[c] = (double) sat / rows;
    }
    if (!output && cols > 3) {
      active[cols - 1] = 0; // a dead unit
      active[cols / 2] = 0.3;
      saturated[1] = 1.0; // a saturated unit
    }
    return new UnitActivity(active, saturated);
  }

  static TensorStats stats(double[] v) {
    long nan = 0;
    long inf = 0;
    double sum = 0;
    double sq = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long finite = 0;
    long zeros = 0;
    long negative = 0;
    long nearZero = 0;
    long nearOne = 0;
    long nearMinusOne = 0;
    for (double x : v) {
      if (Double.isNaN(x)) {
        nan++;
        continue;
      }
      if (Double.isInfinite(x)) {
        inf++;
        continue;
      }
      finite++;
      sum += x;
      sq += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
      zeros += x == 0 ? 1 : 0;
      negative += x < 0 ? 1 : 0;
      nearZero += Math.abs(x) < TensorStats.ASYMPTOTE_TOLERANCE ? 1 : 0;
      nearOne += Math.abs(x - 1) < TensorStats.ASYMPTOTE_TOLERANCE ? 1 : 0;
      nearMinusOne += Math.abs(x + 1) < TensorStats.ASYMPTOTE_TOLERANCE ? 1 : 0;
    }
    double mean = finite == 0 ? Double.NaN : sum / finite;
    double std = finite == 0 ? Double.NaN : Math.sqrt(Math.max(0, sq / finite - mean * mean));
    long[] counts = new long[Histogram.DEFAULT_BINS];
    if (finite > 0) {
      double width = (max - min) / counts.length;
      for (double x : v) {
        if (Double.isFinite(x)) {
          int bin = width == 0 ? 0 : (int) Math.min(counts.length - 1, (x - min) / width);
          counts[bin]++;
        }
      }
    }
    double n = Math.max(1, finite);
    return new TensorStats(v.length, mean, std, finite == 0 ? Double.NaN : min,
        finite == 0 ? Double.NaN : max, Math.sqrt(sq), nan, inf, zeros / n, negative / n,
        nearZero / n, nearOne / n, nearMinusOne / n,
        new Histogram(finite == 0 ? 0 : min, finite == 0 ? 0 : max, counts));
  }

  private static List<Integer> intList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int x : a) {
      l.add(x);
    }
    return l;
  }

  /** One finding per rule id, ranked errors first, each with a location and evidence. */
  FindingsDocument findingsForEveryRule() {
    List<Finding> findings = new ArrayList<>();
    int line = 40;
    for (RuleId rule : RuleId.values()) {
      findings.add(finding(rule, line++));
    }
    findings.sort((a, b) -> a.severity().compareTo(b.severity()));
    return document(findings);
  }

  FindingsDocument document(List<Finding> findings) {
    return new FindingsDocument("backprobe", "0.1.0-test",
        new Target(mainClass(), List.of(packageOf(owner) + ".*"),
            owner + "#trainStep", owner + "#loss"),
        totalSteps, intList(captured), findings);
  }

  Finding finding(RuleId rule, int line) {
    Severity severity = switch (rule) {
      case GRADIENT_SIGN, GRADIENT_MISMATCH, DERIVATIVE_MISMATCH, SOFTMAX_SHAPE, NAN_INF,
          EXPLODING_WEIGHTS, OUTPUT_ACTIVATION -> Severity.ERROR;
      case SATURATION, DEAD_RELU, VANISHING_GRADIENT, TINY_UPDATE, LOSS_DIVERGENCE ->
          Severity.WARNING;
    };
    String subject = switch (rule) {
      case GRADIENT_SIGN -> weight(1);
      case GRADIENT_MISMATCH -> bias(2);
      case DERIVATIVE_MISMATCH -> owner + "#dersgm";
      case SATURATION, DEAD_RELU, NAN_INF -> activation(1);
      case SOFTMAX_SHAPE, OUTPUT_ACTIVATION -> activation(layers.length - 1);
      case LOSS_DIVERGENCE -> owner + "#loss";
      default -> weight(1);
    };
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("cos", -0.5123);
    evidence.put("threshold", 0.0);
    evidence.put("thresholdName", "Thresholds." + rule.name());
    evidence.put("steps", List.of(1, 2, 3));
    return new Finding(rule.id(), severity, 1, subject, at("trainStep", line),
        "the " + rule.id() + " message about " + subject,
        "the " + rule.id() + " hint", evidence);
  }
}
