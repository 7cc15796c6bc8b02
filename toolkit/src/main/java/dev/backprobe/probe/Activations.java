package dev.backprobe.probe;

/**
 * Numerically stable reference implementations of the elementwise activations, their inverses and
 * their finite-difference derivatives: what a trainer's function is compared with.
 */
final class Activations {

  private Activations() {}

  /** f(x) for an elementwise kind; {@code slope} is used by the leaky ReLU only. */
  static double apply(ActivationKind kind, double slope, double x) {
    switch (kind) {
      case SIGMOID:
        return sigmoid(x);
      case TANH:
        return Math.tanh(x);
      case RELU:
        return x > 0 ? x : 0.0;
      case LEAKY_RELU:
        return x > 0 ? x : slope * x;
      case SOFTPLUS:
        // max(x, 0) + log1p(e^−|x|) never overflows.
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
      case IDENTITY:
        return x;
      default:
        throw new IllegalArgumentException(kind + " is not an elementwise activation");
    }
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /**
   * f⁻¹(a), the pre-activation that produced output a. For the ReLU, 0 has no inverse and maps to
   * 0, which is where both of its derivative conventions agree anyway.
   */
  static double inverse(ActivationKind kind, double slope, double a) {
    switch (kind) {
      case SIGMOID:
        return Math.log(a / (1.0 - a));
      case TANH:
        return 0.5 * Math.log((1.0 + a) / (1.0 - a));
      case RELU:
        return a;
      case LEAKY_RELU:
        return a > 0 ? a : a / slope;
      case SOFTPLUS:
        return Math.log(Math.expm1(a));
      case IDENTITY:
        return a;
      default:
        throw new IllegalArgumentException(kind + " is not an elementwise activation");
    }
  }

  /** f'(z) by central differences, h = {@link ProbeThresholds#FINITE_DIFFERENCE_STEP}·max(1, |z|). */
  static double derivative(ActivationKind kind, double slope, double z) {
    double h = ProbeThresholds.FINITE_DIFFERENCE_STEP * Math.max(1.0, Math.abs(z));
    return (apply(kind, slope, z + h) - apply(kind, slope, z - h)) / (2 * h);
  }

  /** Whether the kind is elementwise (has a scalar derivative). */
  static boolean isElementwise(ActivationKind kind) {
    return !kind.isSoftmax() && kind != ActivationKind.UNKNOWN;
  }

  /** Whether f has a kink at 0 where a finite difference straddles two pieces. */
  static boolean hasKinkAtZero(ActivationKind kind) {
    return kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU;
  }
}
