package dev.backprobe.repl;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.findings.Severity;
import dev.backprobe.findings.Target;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ActivationProber;
import dev.backprobe.probe.DerivativeChecker;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.probe.ProbeResults;
import dev.backprobe.tensor.Histogram;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.UnitActivity;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small trace in the spirit of seed 002 (a sigmoid net whose derivative is wrong), built from the
 * records and written with TraceIO/FindingsIO, so that the REPL reads real files.
 */
final class ReplFixture {

  static final String W2 = "pkg.Net.w2";
  static final String A1 = "pkg.Net#forward:a1";
  static final String BIG = "pkg.Net#forward:hidden";
  static final double[] W2_VALUES = {0.5, -0.25, 1.5, 2.0, -3.0, 0.125};
  /** 4 examples × 3 units: unit 0 saturated at 1, unit 1 dead at 0 (as a ReLU would be), unit 2 mid. */
  static final double[] A1_VALUES = {1, 0, 0.4, 0.999, 0, 0.6, 0.998, 0, 0.5, 1, 0, 0.45};

  private ReplFixture() {}

  static Path write(Path dir) throws IOException {
    TraceIO.write(trace(), dir.resolve(TraceIO.FILE_NAME));
    FindingsIO.write(findings(), dir.resolve(FindingsIO.FILE_NAME));
    return dir;
  }

  static Trace trace() {
    RunInfo run =
        new RunInfo("backprobe", "0.1.0", "pkg.Main", null, null, Map.of(), List.of("pkg.*"),
            "pkg.Net#train", "given", "pkg.Net#loss", "given", "sgd", 10, List.of(1, 2), 100, 5,
            List.of());
    List<LossPoint> losses = new ArrayList<>();
    for (int s = 1; s <= 10; s++) {
      losses.add(new LossPoint(s, 0.25 + 0.01 * s * s));
    }
    TensorTrace w2At1 = parameter(W2_VALUES, 0.01);
    TensorTrace w2At2 = parameter(W2_VALUES, 2.5);
    TensorTrace a1 =
        new TensorTrace(A1, TensorRole.ACTIVATION, "sigmoid", new int[] {4, 3}, "double[][]",
            new SourceLocation("pkg.Net", "forward", "Net.java", 21), stats(A1_VALUES),
            new UnitActivity(new double[] {1, 0, 1}, new double[] {1, 0, 0}), null, A1_VALUES,
            null, null);
    TensorTrace big =
        new TensorTrace(BIG, TensorRole.INTERMEDIATE, null, new int[] {100, 50}, "double[][]",
            null, stats(new double[] {-1, 0, 1, 2}), null, null, null, null, null);
    GradientCheck check =
        new GradientCheck(W2, 2, CheckSubject.UPDATE, CheckMode.COORDINATES, 6, 12, -1.0, 0.02,
            -0.5, 0.3, 4.0, 2.0, 1e-9, 0, 0, CheckVerdict.CLIMBS);
    List<StepTrace> steps =
        List.of(
            new StepTrace(1, 0.26, List.of(w2At1), List.of(), List.of(), null),
            new StepTrace(2, 0.29, List.of(w2At2, a1, big), List.of(check), List.of(), null));
    return new Trace(run, losses, steps, probes());
  }

  static List<ProbeResult> probes() {
    SourceLocation where = new SourceLocation("pkg.Net", "dersgm", "Net.java", 33);
    ProbeResult dersgm =
        ProbeResults.derivative(
            "pkg.Net#dersgm",
            where,
            DerivativeChecker.check(ActivationKind.SIGMOID, x -> sigmoid(x) * (sigmoid(x) - 1)),
            DerivativeConvention.OF_OUTPUT,
            new SourceLocation("pkg.Net", "train", "Net.java", 63));
    ProbeResult sgm =
        ProbeResults.activation(
            "pkg.Net#sgm",
            new SourceLocation("pkg.Net", "sgm", "Net.java", 29),
            ActivationProber.identify(ReplFixture::sigmoid));
    return List.of(dersgm, sgm);
  }

  static FindingsDocument findings() {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("cos", -1.0);
    evidence.put("threshold", "Thresholds.DESCENT_COSINE = 0");
    List<Finding> findings =
        List.of(
            new Finding("derivative-mismatch", Severity.ERROR, 1, "pkg.Net#dersgm",
                new SourceLocation("pkg.Net", "dersgm", "Net.java", 33),
                "dersgm returns σ(x)(σ(x)−1) = −σ'(x) and is called on a = σ(z) while it expects z",
                "return a*(1-a) and keep feeding it the outputs", Map.of()),
            new Finding("gradient-sign", Severity.ERROR, 2, W2,
                new SourceLocation("pkg.Net", "train", "Net.java", 70),
                "the update of w2 climbs the loss: cos(Δw2, −∇L) = −1.00",
                "check the sign of the output error", evidence));
    return new FindingsDocument("backprobe", "0.1.0", new Target("pkg.Main", List.of("pkg.*"),
        "pkg.Net#train", "pkg.Net#loss"), 10, List.of(1, 2), findings);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static TensorTrace parameter(double[] values, double ratio) {
    double[] delta = new double[values.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = 0.1 * (i - 2);
    }
    return new TensorTrace(W2, TensorRole.PARAMETER, null, new int[] {2, 3}, "double[][]",
        new SourceLocation("pkg.Net", "train", "Net.java", 70), stats(values), null, null,
        values, stats(delta), ratio);
  }

  /** Statistics of a few values, computed plainly (the fixture must not depend on other code). */
  static TensorStats stats(double[] v) {
    double sum = 0;
    double sq = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int zeros = 0;
    int negative = 0;
    int near0 = 0;
    int near1 = 0;
    for (double x : v) {
      sum += x;
      sq += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
      zeros += x == 0 ? 1 : 0;
      negative += x < 0 ? 1 : 0;
      near0 += Math.abs(x) <= 1e-2 ? 1 : 0;
      near1 += Math.abs(x - 1) <= 1e-2 ? 1 : 0;
    }
    double mean = sum / v.length;
    double std = Math.sqrt(Math.max(0, sq / v.length - mean * mean));
    long[] counts = new long[4];
    double width = (max - min) / counts.length;
    for (double x : v) {
      counts[Math.min(counts.length - 1, (int) ((x - min) / width))]++;
    }
    int n = v.length;
    return new TensorStats(n, mean, std, min, max, Math.sqrt(sq), 0, 0, (double) zeros / n,
        (double) negative / n, (double) near0 / n, (double) near1 / n, 0,
        new Histogram(min, max, counts));
  }
}
