package dev.backprobe.probe;

import dev.backprobe.probe.ProbeGrid.Case;
import dev.backprobe.probe.ProbedFunction.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Identifies a pure function of the trainer as one of the known activations by calling it on the
 * deterministic {@link ProbeGrid} and comparing with stable references. It never throws: a function
 * that throws, returns NaN everywhere, returns another shape or writes into its argument is {@link
 * ActivationKind#UNKNOWN} with the reason.
 */
public final class ActivationProber {

  private static final List<ActivationKind> ELEMENTWISE =
      List.of(
          ActivationKind.IDENTITY,
          ActivationKind.RELU,
          ActivationKind.LEAKY_RELU,
          ActivationKind.SIGMOID,
          ActivationKind.TANH,
          ActivationKind.SOFTPLUS);

  private ActivationProber() {}

  /** Identifies a {@code double → double} function. */
  public static ActivationMatch identify(DoubleUnaryOperator f) {
    return identify(ProbedFunction.scalar(f));
  }

  /** Identifies a {@code float → float} function. */
  public static ActivationMatch identifyFloat(FloatUnaryOperator f) {
    return identify(ProbedFunction.floatScalar(f));
  }

  /** Identifies a {@code double[] → double[]} function (elementwise, or a softmax of the vector). */
  public static ActivationMatch identifyArray(UnaryOperator<double[]> f) {
    return identify(ProbedFunction.vector(f));
  }

  /** Identifies a {@code float[] → float[]} function. */
  public static ActivationMatch identifyFloatArray(UnaryOperator<float[]> f) {
    return identify(ProbedFunction.floatVector(f));
  }

  /**
   * Identifies a {@code double[][] → double[][]} function: elementwise, or a softmax over rows,
   * columns or the whole matrix, told apart on 1×k, k×1, 3×4 and 4×3 inputs.
   */
  public static ActivationMatch identifyMatrix(UnaryOperator<double[][]> f) {
    return identify(ProbedFunction.matrix(f));
  }

  /** Identifies a {@code float[][] → float[][]} function. */
  public static ActivationMatch identifyFloatMatrix(UnaryOperator<float[][]> f) {
    return identify(ProbedFunction.floatMatrix(f));
  }

  static ActivationMatch identify(ProbedFunction f) {
    double tolerance = ProbeThresholds.tolerance(f.singlePrecision());
    List<Case> cases = ProbeGrid.cases(f.arity());
    List<double[][]> inputs = new ArrayList<>();
    List<double[][]> outputs = new ArrayList<>();
    for (Case c : cases) {
      Call call = f.call(c.values());
      if (call.failed()) {
        return ActivationMatch.unknown(Double.POSITIVE_INFINITY, tolerance, "it " + call.problem());
      }
      inputs.add(f.visible(c.values()));
      outputs.add(call.output());
    }
    if (!anyFinite(outputs)) {
      return ActivationMatch.unknown(
          Double.POSITIVE_INFINITY, tolerance, "it returned NaN or ∞ for every probe input");
    }
    double slope = estimateSlope(cases, inputs, outputs);
    Fit best = null;
    for (ActivationKind kind : candidates(f.arity(), slope)) {
      Fit fit = fit(kind, slope, f.arity(), cases, inputs, outputs);
      if (best == null || fit.error < best.error) {
        best = fit;
      }
    }
    return verdict(best, slope, tolerance);
  }

  private static ActivationMatch verdict(Fit best, double slope, double tolerance) {
    if (best.error <= tolerance) {
      Map<String, Double> parameters =
          best.kind == ActivationKind.LEAKY_RELU
              ? Map.of(ActivationMatch.SLOPE, slope)
              : Map.of();
      String name =
          best.kind == ActivationKind.LEAKY_RELU
              ? "leaky-relu with slope " + ProbedFunction.format(slope)
              : best.kind.id();
      return new ActivationMatch(
          best.kind,
          parameters,
          best.error,
          tolerance,
          "matches " + name + " within " + sci(best.error) + " (tolerance " + sci(tolerance) + ")");
    }
    String reason;
    if (Double.isInfinite(best.error)) {
      reason = "it returned NaN or ∞ " + best.where + ", where every known activation is finite";
    } else {
      reason =
          "it matches no known activation: the closest, "
              + best.kind.id()
              + ", is off by "
              + sci(best.error)
              + " "
              + best.where
              + " (tolerance "
              + sci(tolerance)
              + ")";
    }
    return ActivationMatch.unknown(best.error, tolerance, reason);
  }

  private static List<ActivationKind> candidates(ProbedFunction.Arity arity, double slope) {
    List<ActivationKind> kinds = new ArrayList<>();
    for (ActivationKind kind : ELEMENTWISE) {
      boolean distinctSlope =
          Double.isFinite(slope)
              && Math.abs(slope) > ProbeThresholds.SLOPE_RESOLUTION
              && Math.abs(slope - 1) > ProbeThresholds.SLOPE_RESOLUTION;
      if (kind != ActivationKind.LEAKY_RELU || distinctSlope) {
        kinds.add(kind);
      }
    }
    if (arity == ProbedFunction.Arity.VECTOR) {
      kinds.add(ActivationKind.SOFTMAX_ROWS);
    } else if (arity == ProbedFunction.Arity.MATRIX) {
      kinds.add(ActivationKind.SOFTMAX_ROWS);
      kinds.add(ActivationKind.SOFTMAX_MATRIX);
      kinds.add(ActivationKind.SOFTMAX_COLUMNS);
    }
    return kinds;
  }

  /** The median of y/x over ordinary inputs x ≤ −0.5: a leaky ReLU's slope, or NaN. */
  private static double estimateSlope(
      List<Case> cases, List<double[][]> inputs, List<double[][]> outputs) {
    List<Double> ratios = new ArrayList<>();
    for (int c = 0; c < cases.size(); c++) {
      if (cases.get(c).large()) {
        continue;
      }
      double[][] in = inputs.get(c);
      double[][] out = outputs.get(c);
      for (int i = 0; i < in.length; i++) {
        for (int j = 0; j < in[i].length; j++) {
          if (in[i][j] <= ProbeThresholds.SLOPE_ESTIMATE_MAX_INPUT && Double.isFinite(out[i][j])) {
            ratios.add(out[i][j] / in[i][j]);
          }
        }
      }
    }
    if (ratios.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** A kind's largest scaled error over all cases, and where it was. */
  private record Fit(ActivationKind kind, double error, String where) {}

  private static Fit fit(
      ActivationKind kind,
      double slope,
      ProbedFunction.Arity arity,
      List<Case> cases,
      List<double[][]> inputs,
      List<double[][]> outputs) {
    double worst = 0;
    double[][] worstIn = null;
    int worstI = 0;
    int worstJ = 0;
    for (int c = 0; c < cases.size(); c++) {
      double[][] in = inputs.get(c);
      double[][] out = outputs.get(c);
      double[][] ref = reference(kind, slope, in);
      for (int i = 0; i < in.length; i++) {
        for (int j = 0; j < in[i].length; j++) {
          if (cases.get(c).large() && !Double.isFinite(out[i][j])) {
            continue; // overflow of a textbook spelling: tolerated on large inputs
          }
          double error = ProbeThresholds.scaledError(out[i][j], ref[i][j]);
          if (!(error <= worst)) {
            worst = error;
            worstIn = in;
            worstI = i;
            worstJ = j;
          }
        }
      }
    }
    // described once: formatting at every new worst was a sixth of a first capture's time
    String where = worstIn == null ? "" : describe(kind, arity, worstIn, worstI, worstJ);
    return new Fit(kind, worst, where);
  }

  private static String describe(
      ActivationKind kind, ProbedFunction.Arity arity, double[][] in, int i, int j) {
    String x = "for x = " + ProbedFunction.format(in[i][j]);
    if (arity == ProbedFunction.Arity.SCALAR) {
      return x;
    }
    if (in.length == 1 && in[0].length > 1 && kind.isSoftmax()) {
      return x + " in a vector of " + in[0].length;
    }
    if (in.length > 1 || in[0].length > 1) {
      return x + " in a " + in.length + "×" + in[0].length + " input";
    }
    return x;
  }

  /** The reference output of a kind for an input matrix. */
  static double[][] reference(ActivationKind kind, double slope, double[][] in) {
    if (kind.isSoftmax()) {
      return softmax(kind, in);
    }
    double[][] ref = new double[in.length][];
    for (int i = 0; i < in.length; i++) {
      ref[i] = new double[in[i].length];
      for (int j = 0; j < in[i].length; j++) {
        ref[i][j] = Activations.apply(kind, slope, in[i][j]);
      }
    }
    return ref;
  }

  /** A softmax over rows, columns or the whole matrix, with max subtraction. */
  static double[][] softmax(ActivationKind kind, double[][] in) {
    int rows = in.length;
    int cols = in[0].length;
    double[][] out = new double[rows][cols];
    int groups = kind == ActivationKind.SOFTMAX_ROWS ? rows : kind == ActivationKind.SOFTMAX_COLUMNS ? cols : 1;
    for (int g = 0; g < groups; g++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          if (inGroup(kind, g, i, j)) {
            max = Math.max(max, in[i][j]);
          }
        }
      }
      double sum = 0;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          if (inGroup(kind, g, i, j)) {
            out[i][j] = Math.exp(in[i][j] - max);
            sum += out[i][j];
          }
        }
      }
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          if (inGroup(kind, g, i, j)) {
            out[i][j] /= sum;
          }
        }
      }
    }
    return out;
  }

  private static boolean inGroup(ActivationKind kind, int group, int i, int j) {
    switch (kind) {
      case SOFTMAX_ROWS:
        return i == group;
      case SOFTMAX_COLUMNS:
        return j == group;
      default:
        return true;
    }
  }

  private static boolean anyFinite(List<double[][]> outputs) {
    return outputs.stream()
        .flatMap(Arrays::stream)
        .flatMapToDouble(Arrays::stream)
        .anyMatch(Double::isFinite);
  }

  static String sci(double x) {
    if (x == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.1e", x);
  }
}
