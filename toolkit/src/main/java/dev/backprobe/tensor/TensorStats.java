package dev.backprobe.tensor;

/**
 * One-pass summary of a tensor's values: what the rules, the report and the REPL look at when the
 * full values were not kept.
 *
 * <p>Shares are fractions of the finite values in [0, 1]. The asymptote shares use {@link
 * #ASYMPTOTE_TOLERANCE}: a sigmoid output within it of 0 or 1, or a tanh output within it of −1 or
 * 1, is "at its asymptote".
 *
 * @param count number of values, NaN and infinities included
 * @param mean mean of the finite values (NaN when there are none)
 * @param std population standard deviation of the finite values
 * @param min smallest finite value
 * @param max largest finite value
 * @param l2Norm Euclidean norm of the finite values
 * @param nanCount number of NaN values
 * @param infCount number of infinite values
 * @param zeroShare share of values exactly 0 (a ReLU's off state)
 * @param negativeShare share of values below 0
 * @param nearZeroShare share within {@link #ASYMPTOTE_TOLERANCE} of 0 (sigmoid's lower asymptote)
 * @param nearOneShare share within {@link #ASYMPTOTE_TOLERANCE} of 1
 * @param nearMinusOneShare share within {@link #ASYMPTOTE_TOLERANCE} of −1 (tanh's lower asymptote)
 * @param histogram fixed-bin histogram of the finite values
 */
public record TensorStats(
    long count,
    double mean,
    double std,
    double min,
    double max,
    double l2Norm,
    long nanCount,
    long infCount,
    double zeroShare,
    double negativeShare,
    double nearZeroShare,
    double nearOneShare,
    double nearMinusOneShare,
    Histogram histogram) {

  /**
   * Distance from an asymptote under which a unit counts as saturated: 1e-2, the value DESIGN.md
   * fixes for the {@code saturation} rule (σ'(z) is then below 0.0099, i.e. under 4% of its peak).
   */
  public static final double ASYMPTOTE_TOLERANCE = 1e-2;

  /** Whether every value is finite. */
  public boolean allFinite() {
    return nanCount == 0 && infCount == 0;
  }
}
