package dev.backprobe.gradcheck;

/**
 * The numeric gradient of one tensor as measured: projections g·uⱼ of the gradient g on a set of
 * unit vectors uⱼ. In {@link CheckMode#COORDINATES} the uⱼ are the coordinate axes, so the
 * projections are the full gradient; in {@link CheckMode#DIRECTIONS} u₀ is the update (or analytic
 * gradient) direction and the others are random unit vectors orthogonal to it.
 *
 * <p>Callers that fit models across steps ({@link UpdateModelFitter}) project their own vectors on
 * the same uⱼ with {@link #project}. Arrays are shared, not copied: do not modify them.
 *
 * @param tensor the parameter's name
 * @param mode how the uⱼ were chosen
 * @param directions the unit vectors uⱼ (row j), or null in coordinate mode (uⱼ = eⱼ)
 * @param projections measured g·uⱼ (central differences)
 * @param noise estimated noise standard deviation of each projection
 * @param usable false where the measurement crossed a kink or the loss was not finite (excluded)
 */
public record NumericGradient(
    String tensor,
    CheckMode mode,
    double[][] directions,
    double[] projections,
    double[] noise,
    boolean[] usable) {

  /** Number of measured projections. */
  public int count() {
    return projections.length;
  }

  /** The measured g·uⱼ. */
  public double projection(int j) {
    return projections[j];
  }

  /** v·uⱼ for a row-major vector of the tensor's size (not modified). */
  public double project(int j, double[] v) {
    if (directions == null) {
      return v[j];
    }
    double[] u = directions[j];
    double dot = 0;
    for (int i = 0; i < u.length; i++) {
      dot += u[i] * v[i];
    }
    return dot;
  }

  /** The full numeric gradient in coordinate mode (excluded coordinates are NaN), else null. */
  public double[] coordinates() {
    if (mode != CheckMode.COORDINATES) {
      return null;
    }
    double[] g = projections.clone();
    for (int i = 0; i < g.length; i++) {
      if (!usable[i]) {
        g[i] = Double.NaN;
      }
    }
    return g;
  }
}
