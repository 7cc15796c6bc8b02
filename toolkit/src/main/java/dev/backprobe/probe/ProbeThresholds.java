package dev.backprobe.probe;

/**
 * Every number the probing relies on, with where it comes from. Errors are "scaled": {@code |y −
 * ref| / max(1, |ref|)}, absolute near 0 and relative for large values (a ReLU of 1000 computed in
 * float is off by ~6e-5 absolutely, but only by one float ulp relatively).
 */
public final class ProbeThresholds {

  /**
   * Largest scaled error for a double-precision function to match a reference: 1e-6. Double
   * rounding (ε ≈ 2.2e-16) and the cancellation of formulas such as (eˣ−e⁻ˣ)/(eˣ+e⁻ˣ) near 0 stay
   * below 1e-12; 1e-6 also accepts a trainer that computes in float and widens to double (float ε
   * ≈ 1.2e-7) while staying 1e4 below the smallest gap between two kinds on the grid (leaky slope
   * 0.01 against ReLU at x = −1: 1e-2).
   */
  public static final double DOUBLE_TOLERANCE = 1e-6;

  /**
   * Largest scaled error for a single-precision function: 1e-4, about 800 float ulps at 1 (float ε
   * = 2⁻²³ ≈ 1.2e-7). Measured worst case of the usual float spellings on the grid: 1.0e-7 (exp-based
   * tanh); the margin covers home-made exp approximations while staying 100× below the
   * smallest gap between two kinds (1e-2, see {@link #DOUBLE_TOLERANCE}).
   */
  public static final double FLOAT_TOLERANCE = 1e-4;

  /**
   * Inputs at least this large in magnitude are "large": a non-finite output there is tolerated,
   * because exp overflows above 88.7 in float and 709.8 in double, so textbook spellings such as
   * eˣ/(1+eˣ) or softmax without max subtraction return ∞/∞ = NaN. 50 sits below both overflow
   * points only for the grid's sake: every spelling must be finite on the ordinary grid (|x| ≤ 20).
   */
  public static final double LARGE_INPUT = 50.0;

  /**
   * Central-difference step relative to max(1, |z|): 1e-5, near the cube root of double ε (6e-6),
   * which balances truncation and rounding error for central differences (Numerical Recipes, §5.7);
   * the resulting error of f'(z) is ~1e-10 for the smooth activations.
   */
  public static final double FINITE_DIFFERENCE_STEP = 1e-5;

  /**
   * Inputs whose ratio y/x gives a leaky ReLU's slope: x ≤ −0.5, far enough from the kink at 0
   * that a float rounding of y (1.2e-7 relative) moves the slope by less than 1e-6.
   */
  public static final double SLOPE_ESTIMATE_MAX_INPUT = -0.5;

  /**
   * A fitted leaky slope within this of 0 is a ReLU and within this of 1 the identity: equal to
   * {@link #FLOAT_TOLERANCE}, so that the simpler kind wins whenever both would match.
   */
  public static final double SLOPE_RESOLUTION = FLOAT_TOLERANCE;

  /**
   * Share of a derivative's sampled scalar arguments that must be found among the recorded values
   * of one tensor to say it was fed that tensor: 0.9. Exact double equality between values of two
   * different tensors is rare (a ReLU's zeros aside, handled separately), so 90% only allows for
   * arguments computed outside the recorded sample.
   */
  public static final double MEMBERSHIP_SHARE = 0.9;

  private ProbeThresholds() {}

  /** The tolerance for a function computed in single or double precision. */
  public static double tolerance(boolean singlePrecision) {
    return singlePrecision ? FLOAT_TOLERANCE : DOUBLE_TOLERANCE;
  }

  /** {@code |y − ref| / max(1, |ref|)}; +∞ when y is not finite. */
  static double scaledError(double y, double ref) {
    if (!Double.isFinite(y)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(y - ref) / Math.max(1.0, Math.abs(ref));
  }
}
