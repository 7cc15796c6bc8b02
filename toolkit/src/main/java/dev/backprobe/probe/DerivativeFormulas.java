package dev.backprobe.probe;

/**
 * How a derivative (right or wrong) is written in the user's terms, per activation and convention:
 * x is the argument when it is fed z, a when it is fed the output a = f(z).
 */
final class DerivativeFormulas {

  private DerivativeFormulas() {}

  /** The activation's symbol: σ, tanh, relu… */
  static String symbol(ActivationKind kind) {
    switch (kind) {
      case SIGMOID:
        return "σ";
      case LEAKY_RELU:
        return "lrelu";
      default:
        return kind.id();
    }
  }

  /** The correct derivative, e.g. "σ(x)(1−σ(x))" or "a(1−a)". */
  static String correct(ActivationKind kind, double slope, boolean ofOutput) {
    String v = ofOutput ? "a" : "x";
    switch (kind) {
      case SIGMOID:
        return ofOutput ? "a(1−a)" : "σ(x)(1−σ(x))";
      case TANH:
        return ofOutput ? "1−a²" : "1−tanh²(x)";
      case RELU:
        return "(" + v + " > 0 ? 1 : 0)";
      case LEAKY_RELU:
        return "(" + v + " > 0 ? 1 : " + ProbedFunction.format(slope) + ")";
      case SOFTPLUS:
        return ofOutput ? "1−e^(−a)" : "σ(x)";
      default:
        return "1";
    }
  }

  /** The derivative with its sign flipped, e.g. "σ(x)(σ(x)−1)". */
  static String negated(ActivationKind kind, double slope, boolean ofOutput) {
    switch (kind) {
      case SIGMOID:
        return ofOutput ? "a(a−1)" : "σ(x)(σ(x)−1)";
      case TANH:
        return ofOutput ? "a²−1" : "tanh²(x)−1";
      case SOFTPLUS:
        return ofOutput ? "e^(−a)−1" : "−σ(x)";
      case IDENTITY:
        return "−1";
      default:
        return "−" + correct(kind, slope, ofOutput);
    }
  }

  /** f'(z) written for the convention: "σ'(x)" fed z, "σ'(z) for a = σ(z)" fed a. */
  static String derivativeOf(ActivationKind kind, boolean ofOutput) {
    String s = symbol(kind);
    return ofOutput ? s + "'(z) for a = " + s + "(z)" : s + "'(x)";
  }

  /** The argument named for a convention: "z" or "a = σ(z)". */
  static String argument(ActivationKind kind, DerivativeConvention convention) {
    return convention == DerivativeConvention.OF_OUTPUT ? "a = " + symbol(kind) + "(z)" : "z";
  }

  /** The detail sentence of a verdict (not WRONG nor NOT_CHECKED). */
  static String detail(
      ActivationKind kind,
      double slope,
      DerivativeVerdict verdict,
      DerivativeConvention convention,
      String twiceForm) {
    boolean ofOutput = convention == DerivativeConvention.OF_OUTPUT;
    String s = symbol(kind);
    String v = ofOutput ? "a" : "x";
    switch (verdict) {
      case CORRECT:
        if (convention == DerivativeConvention.BOTH) {
          return "returns "
              + correct(kind, slope, false)
              + " = "
              + s
              + "'(x), which is the same whether it is fed z or a = "
              + s
              + "(z)";
        }
        return "returns "
            + correct(kind, slope, ofOutput)
            + " = "
            + derivativeOf(kind, ofOutput)
            + (ofOutput
                ? ": the derivative expressed in the output, so it must be fed a, not z"
                : ": the derivative of the input, so it must be fed z, not a");
      case WRONG_SIGN:
        return "returns "
            + negated(kind, slope, ofOutput)
            + " = −"
            + derivativeOf(kind, ofOutput)
            + ": the sign is flipped";
      case MISSING_SQUARE:
        return "returns "
            + (ofOutput ? "1−a" : "1−tanh(x)")
            + " instead of "
            + correct(kind, slope, ofOutput)
            + ": the square is missing";
      case INVERTED_STEP:
        String other = kind == ActivationKind.LEAKY_RELU ? ProbedFunction.format(slope) : "0";
        return "returns ("
            + v
            + " < 0 ? 1 : "
            + other
            + ") instead of "
            + correct(kind, slope, ofOutput)
            + ": the step is inverted";
      case APPLIED_TWICE:
        return "returns " + twiceForm + " instead of " + s + "'(" + v + "): the derivative is applied twice";
      default:
        throw new IllegalArgumentException(verdict.toString());
    }
  }
}
