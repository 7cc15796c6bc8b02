package dev.backprobe.probe;

import dev.backprobe.probe.ProbedFunction.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Checks a candidate derivative function against central differences of an activation in both
 * conventions, f'(z) fed z and f'(z) fed a = f(z), and names the convention it follows or the
 * mistake it makes (flipped sign, missing square, inverted step, applied twice). It never throws.
 *
 * <p>Use {@link #of(ActivationKind, double)} with the forward pass's slope to check a leaky ReLU's
 * derivative against it; the static {@code check} methods take the slope from the candidate itself
 * (its value for z &lt; 0), so they cannot see a derivative whose slope differs from the forward
 * pass.
 */
public final class DerivativeChecker {

  /**
   * A leaky ReLU's slope when neither the forward pass nor the candidate tells it: 0.01, the usual
   * default (Maas et al. 2013, and PyTorch's {@code negative_slope}).
   */
  public static final double DEFAULT_LEAKY_SLOPE = 0.01;

  private final ActivationKind kind;
  private final double slope;

  private DerivativeChecker(ActivationKind kind, double slope) {
    this.kind = kind;
    this.slope = slope;
  }

  /** A checker for one activation; {@code slope} is used by the leaky ReLU only. */
  public static DerivativeChecker of(ActivationKind kind, double slope) {
    return new DerivativeChecker(kind, slope);
  }

  /** A checker for the activation a probe found, with its fitted slope. */
  public static DerivativeChecker of(ActivationMatch activation) {
    return new DerivativeChecker(activation.kind(), activation.slope());
  }

  public static DerivativeReport check(ActivationKind kind, DoubleUnaryOperator candidate) {
    return checkUnknownSlope(kind, ProbedFunction.scalar(candidate));
  }

  public static DerivativeReport checkFloat(ActivationKind kind, FloatUnaryOperator candidate) {
    return checkUnknownSlope(kind, ProbedFunction.floatScalar(candidate));
  }

  public static DerivativeReport checkArray(ActivationKind kind, UnaryOperator<double[]> candidate) {
    return checkUnknownSlope(kind, ProbedFunction.vector(candidate));
  }

  public static DerivativeReport checkFloatArray(
      ActivationKind kind, UnaryOperator<float[]> candidate) {
    return checkUnknownSlope(kind, ProbedFunction.floatVector(candidate));
  }

  public static DerivativeReport checkMatrix(
      ActivationKind kind, UnaryOperator<double[][]> candidate) {
    return checkUnknownSlope(kind, ProbedFunction.matrix(candidate));
  }

  public static DerivativeReport checkFloatMatrix(
      ActivationKind kind, UnaryOperator<float[][]> candidate) {
    return checkUnknownSlope(kind, ProbedFunction.floatMatrix(candidate));
  }

  public DerivativeReport check(DoubleUnaryOperator candidate) {
    return check(ProbedFunction.scalar(candidate));
  }

  public DerivativeReport checkFloat(FloatUnaryOperator candidate) {
    return check(ProbedFunction.floatScalar(candidate));
  }

  public DerivativeReport checkArray(UnaryOperator<double[]> candidate) {
    return check(ProbedFunction.vector(candidate));
  }

  public DerivativeReport checkFloatArray(UnaryOperator<float[]> candidate) {
    return check(ProbedFunction.floatVector(candidate));
  }

  public DerivativeReport checkMatrix(UnaryOperator<double[][]> candidate) {
    return check(ProbedFunction.matrix(candidate));
  }

  public DerivativeReport checkFloatMatrix(UnaryOperator<float[][]> candidate) {
    return check(ProbedFunction.floatMatrix(candidate));
  }

  private static DerivativeReport checkUnknownSlope(ActivationKind kind, ProbedFunction candidate) {
    double slope = DEFAULT_LEAKY_SLOPE;
    if (kind == ActivationKind.LEAKY_RELU) {
      slope = slopeOf(candidate);
    }
    return new DerivativeChecker(kind, slope).check(candidate);
  }

  /** The candidate's value at z = −1 when it lies in (0, 1), else the default slope. */
  private static double slopeOf(ProbedFunction candidate) {
    Call call = candidate.call(new double[][] {{-1.0}});
    if (!call.failed()) {
      double[][] out = call.output();
      if (out != null && out[0][0] > 0 && out[0][0] < 1) {
        return out[0][0];
      }
    }
    return DEFAULT_LEAKY_SLOPE;
  }

  DerivativeReport check(ProbedFunction candidate) {
    double tolerance = ProbeThresholds.tolerance(candidate.singlePrecision());
    if (!Activations.isElementwise(kind)) {
      return notChecked(
          tolerance,
          kind.isSoftmax()
              ? "the derivative of a softmax is a Jacobian, not an elementwise function: it is"
                  + " checked through the gradient of the loss instead"
              : "the activation is unknown, so there is no derivative to compare with");
    }
    if (kind == ActivationKind.LEAKY_RELU && !(slope > 0)) {
      return notChecked(tolerance, "the leaky ReLU's slope is unknown");
    }
    double[] z = grid();
    Fed ofInput = feed(candidate, z, false);
    if (ofInput.problem != null) {
      return notChecked(tolerance, "it " + ofInput.problem);
    }
    Fed ofOutput = feed(candidate, z, true);
    if (ofOutput.problem != null) {
      return notChecked(tolerance, "it " + ofOutput.problem + " when fed a = f(z)");
    }
    if (!ofInput.anyFinite() && !ofOutput.anyFinite()) {
      return notChecked(tolerance, "it returned NaN or ∞ for every input");
    }
    return classify(z, ofInput, ofOutput, tolerance);
  }

  private DerivativeReport classify(double[] z, Fed ofInput, Fed ofOutput, double tolerance) {
    double[] expected = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      expected[k] = derivative(z[k]);
    }
    double inputError = error(ofInput.values, expected, z);
    double outputError = error(ofOutput.values, expected, z);
    for (Pattern pattern : patterns()) {
      double in = error(ofInput.values, pattern.values(this, z, false), z);
      double out = error(ofOutput.values, pattern.values(this, z, true), z);
      boolean matchesIn = in <= tolerance;
      boolean matchesOut = out <= tolerance;
      if (matchesIn || matchesOut) {
        DerivativeConvention convention =
            matchesIn && matchesOut
                ? DerivativeConvention.BOTH
                : matchesIn ? DerivativeConvention.OF_INPUT : DerivativeConvention.OF_OUTPUT;
        double maxError = matchesIn && matchesOut ? Math.max(in, out) : matchesIn ? in : out;
        String twice = pattern.twiceForm(kind, convention == DerivativeConvention.OF_OUTPUT);
        String detail =
            DerivativeFormulas.detail(kind, slope, pattern.verdict, convention, twice);
        return new DerivativeReport(
            kind, convention, pattern.verdict, maxError, inputError, outputError, tolerance, detail);
      }
    }
    DerivativeReport otherSlope = otherSlope(ofInput, ofOutput, z, inputError, outputError, tolerance);
    if (otherSlope != null) {
      return otherSlope;
    }
    String detail =
        "matches neither "
            + DerivativeFormulas.correct(kind, slope, false)
            + " fed z (off by "
            + ActivationProber.sci(inputError)
            + ") nor "
            + DerivativeFormulas.correct(kind, slope, true)
            + " fed a = "
            + DerivativeFormulas.symbol(kind)
            + "(z) (off by "
            + ActivationProber.sci(outputError)
            + ")";
    return new DerivativeReport(
        kind,
        DerivativeConvention.NEITHER,
        DerivativeVerdict.WRONG,
        Math.min(inputError, outputError),
        inputError,
        outputError,
        tolerance,
        detail);
  }

  /**
   * A ReLU derivative with another slope for z &lt; 0 than the forward pass's ({@link
   * DerivativeVerdict#WRONG_SLOPE}), or null. Only checked once the candidate is known to be no
   * form of the derivative: 1 wherever z &gt; 0 and one constant c in [0, 1) wherever z &lt; 0,
   * c differing from the forward slope (0 for a plain ReLU). Fed z or a = f(z) alike, since a
   * (leaky) ReLU keeps the sign of z; a plain ReLU's a = 0 tells nothing of z &lt; 0, so it is fed z.
   */
  private DerivativeReport otherSlope(
      Fed ofInput, Fed ofOutput, double[] z, double inputError, double outputError, double tolerance) {
    if (!Activations.hasKinkAtZero(kind)) {
      return null;
    }
    double forwardSlope = kind == ActivationKind.RELU ? 0 : slope;
    boolean byInput = true;
    double c = stepSlope(ofInput.values, z, tolerance);
    if (Double.isNaN(c) && kind == ActivationKind.LEAKY_RELU) {
      byInput = false;
      c = stepSlope(ofOutput.values, z, tolerance);
    }
    if (Double.isNaN(c) || ProbeThresholds.scaledError(c, forwardSlope) <= tolerance) {
      return null;
    }
    boolean both = kind == ActivationKind.LEAKY_RELU && byInput
        && !Double.isNaN(stepSlope(ofOutput.values, z, tolerance));
    DerivativeConvention convention =
        both ? DerivativeConvention.BOTH
            : byInput ? DerivativeConvention.OF_INPUT : DerivativeConvention.OF_OUTPUT;
    String v = byInput ? "z" : "a";
    String detail =
        "returns (" + v + " > 0 ? 1 : " + ProbedFunction.format(c) + "), the derivative of a leaky"
            + " ReLU of slope " + ProbedFunction.format(c) + ", but the forward pass "
            + (kind == ActivationKind.RELU
                ? "is a plain ReLU (slope 0)"
                : "leaks with slope " + ProbedFunction.format(forwardSlope));
    return new DerivativeReport(
        kind,
        convention,
        DerivativeVerdict.WRONG_SLOPE,
        Math.min(inputError, outputError),
        inputError,
        outputError,
        tolerance,
        detail);
  }

  /**
   * The constant c of a step function that is 1 for z &gt; 0 and c in [0, 1) for z &lt; 0, within
   * the tolerance; NaN when the values are not such a step.
   */
  private static double stepSlope(double[] values, double[] z, double tolerance) {
    double c = Double.NaN;
    for (int k = 0; k < z.length; k++) {
      if (z[k] < 0 && Double.isFinite(values[k])) {
        c = values[k];
        break;
      }
    }
    if (!(c >= 0 && c < 1)) {
      return Double.NaN;
    }
    for (int k = 0; k < z.length; k++) {
      double expected = z[k] > 0 ? 1 : z[k] < 0 ? c : Double.NaN;
      if (!Double.isNaN(expected) && !(ProbeThresholds.scaledError(values[k], expected) <= tolerance)) {
        return Double.NaN;
      }
    }
    return c;
  }

  /** The ordinary grid, without the kink at 0 for the ReLUs (whose derivative there is moot). */
  private double[] grid() {
    List<Double> values = new ArrayList<>();
    for (double z : ProbeGrid.DERIVATIVE) {
      if (!(Activations.hasKinkAtZero(kind) && z == 0)) {
        values.add(z);
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Whether f' is piecewise constant (ReLU, leaky ReLU, identity): "applied twice" is then either
   * the derivative itself or a coincidence of slopes (0.1² = 0.01), so it is not looked for.
   */
  boolean piecewiseLinear() {
    return Activations.hasKinkAtZero(kind) || kind == ActivationKind.IDENTITY;
  }

  double apply(double z) {
    return Activations.apply(kind, slope, z);
  }

  double derivative(double z) {
    return Activations.derivative(kind, slope, z);
  }

  /** The derivative written in the output: g(a) = f'(f⁻¹(a)). */
  double outputDerivative(double a) {
    return derivative(Activations.inverse(kind, slope, a));
  }

  /** What the candidate returned for one convention, and the values it was fed. */
  private record Fed(double[] fed, double[] values, String problem) {
    boolean anyFinite() {
      for (double v : values) {
        if (Double.isFinite(v)) {
          return true;
        }
      }
      return false;
    }
  }

  private Fed feed(ProbedFunction candidate, double[] z, boolean ofOutput) {
    double[] fed = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      fed[k] = ofOutput ? apply(z[k]) : z[k];
    }
    double[][] input = shape(candidate.arity(), fed);
    Call call = candidate.call(input);
    if (call.failed()) {
      return new Fed(fed, null, call.problem());
    }
    double[] values = new double[z.length];
    double[][] out = call.output();
    int cols = input[0].length;
    for (int k = 0; k < z.length; k++) {
      values[k] = out[k / cols][k % cols];
    }
    return new Fed(fed, values, null);
  }

  /** A vector for scalar and vector candidates; a matrix of rows of 6 for matrix candidates. */
  private static double[][] shape(ProbedFunction.Arity arity, double[] values) {
    if (arity != ProbedFunction.Arity.MATRIX) {
      return new double[][] {values};
    }
    int cols = 6;
    int rows = (values.length + cols - 1) / cols;
    double[] padded = new double[rows * cols];
    System.arraycopy(values, 0, padded, 0, values.length);
    return ProbeGrid.reshape(padded, rows, cols);
  }

  /** Largest scaled error; points where the pattern is undefined (NaN) are skipped. */
  private static double error(double[] values, double[] pattern, double[] z) {
    double worst = 0;
    int compared = 0;
    for (int k = 0; k < z.length; k++) {
      if (Double.isNaN(pattern[k])) {
        continue;
      }
      compared++;
      double e = ProbeThresholds.scaledError(values[k], pattern[k]);
      if (!(e <= worst)) {
        worst = e;
      }
    }
    return compared == 0 ? Double.POSITIVE_INFINITY : worst;
  }

  /** A formula a candidate may follow, in z-terms, in priority order. */
  private enum Pattern {
    CORRECT(DerivativeVerdict.CORRECT),
    WRONG_SIGN(DerivativeVerdict.WRONG_SIGN),
    MISSING_SQUARE(DerivativeVerdict.MISSING_SQUARE),
    INVERTED_STEP(DerivativeVerdict.INVERTED_STEP),
    SQUARED(DerivativeVerdict.APPLIED_TWICE),
    NESTED(DerivativeVerdict.APPLIED_TWICE);

    final DerivativeVerdict verdict;

    Pattern(DerivativeVerdict verdict) {
      this.verdict = verdict;
    }

    /** The pattern's expected values at each z, for a candidate fed z or a = f(z). */
    double[] values(DerivativeChecker c, double[] z, boolean ofOutput) {
      double[] v = new double[z.length];
      for (int k = 0; k < z.length; k++) {
        double d = c.derivative(z[k]);
        switch (this) {
          case CORRECT:
            v[k] = d;
            break;
          case WRONG_SIGN:
            v[k] = -d;
            break;
          case MISSING_SQUARE:
            v[k] = c.kind == ActivationKind.TANH ? 1 - c.apply(z[k]) : Double.NaN;
            break;
          case INVERTED_STEP:
            v[k] = Activations.hasKinkAtZero(c.kind) ? c.derivative(-z[k]) : Double.NaN;
            break;
          case SQUARED:
            v[k] = c.piecewiseLinear() ? Double.NaN : d * d;
            break;
          default:
            v[k] =
                c.piecewiseLinear()
                    ? Double.NaN
                    : ofOutput ? c.outputDerivative(d) : c.derivative(d);
            break;
        }
      }
      return v;
    }

    String twiceForm(ActivationKind kind, boolean ofOutput) {
      String s = DerivativeFormulas.symbol(kind);
      String v = ofOutput ? "a" : "x";
      return this == SQUARED ? s + "'(" + v + ")²" : s + "'(" + s + "'(" + v + "))";
    }
  }

  private static List<Pattern> patterns() {
    return List.of(Pattern.values());
  }

  private DerivativeReport notChecked(double tolerance, String detail) {
    return new DerivativeReport(
        kind,
        DerivativeConvention.NEITHER,
        DerivativeVerdict.NOT_CHECKED,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        tolerance,
        detail);
  }
}
