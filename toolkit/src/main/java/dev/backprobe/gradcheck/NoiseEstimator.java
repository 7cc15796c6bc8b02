package dev.backprobe.gradcheck;

import dev.backprobe.tensor.TensorView;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the rounding noise of the loss instead of assuming it.
 *
 * <p>A few coordinates are moved by a tiny δ (a fixed number of units in the last place of the
 * storage); the second difference (L(θ+δ) + L(θ−δ) − 2L(θ))/2 cancels the gradient term exactly and
 * its curvature term δ²L''/2 is far below rounding, so what remains is the loss's own rounding
 * noise, with standard deviation √1.5·σ for independent noise σ per evaluation. The largest sample
 * is kept, and the result is never below the unit roundoff times |L|: a computed loss cannot be more
 * exact than its last rounding.
 *
 * <p>The same evaluations tell whether the loss is computed in {@code float}: a double result that
 * is a float every time (chance 2⁻²⁹ per value otherwise) means single-precision arithmetic.
 */
final class NoiseEstimator {

  /** Three probes: costs 6 evaluations per check call; the maximum of three errs high. */
  static final int NOISE_PROBES = 3;

  /**
   * 64 ulps of max(|θ|, 1) in the storage's precision: large enough to change the rounding of every
   * product that uses θ, small enough that δ²L'' (about 1e-28 in double, 6e-11 in float for unit
   * curvature) stays below the rounding noise. A power-of-two multiple of the ulp, so θ ± δ is exact.
   */
  static final int NOISE_PROBE_ULPS = 64;

  /** Unit roundoff of double arithmetic, 2⁻⁵³. */
  static final double DOUBLE_ROUNDOFF = 0x1p-53;

  /** Unit roundoff of float arithmetic, 2⁻²⁴. */
  static final double FLOAT_ROUNDOFF = 0x1p-24;

  /**
   * The measured noise.
   *
   * @param sigma standard deviation of the loss's rounding noise
   * @param singlePrecisionLoss whether the loss appears to be computed in float
   */
  record NoiseLevel(double sigma, boolean singlePrecisionLoss) {

    /** Unit roundoff of the loss's arithmetic. */
    double lossRoundoff() {
      return singlePrecisionLoss ? FLOAT_ROUNDOFF : DOUBLE_ROUNDOFF;
    }
  }

  private NoiseEstimator() {}

  /**
   * Measures the noise around {@code baseLoss}; every perturbed coordinate is restored on return.
   *
   * @param views the tensors to probe (at least one value in total)
   * @param random the checker's own generator, advanced
   */
  static NoiseLevel measure(
      LossProbe probe, List<TensorView> views, double baseLoss, SplittableRandom random) {
    boolean allFloat = isFloat(baseLoss);
    double largest = 0;
    int total = views.stream().mapToInt(TensorView::size).sum();
    for (int p = 0; p < NOISE_PROBES && total > 0; p++) {
      int flat = random.nextInt(total);
      int t = 0;
      while (flat >= views.get(t).size()) {
        flat -= views.get(t).size();
        t++;
      }
      TensorView view = views.get(t);
      CoordinateLine line = new CoordinateLine(view, flat);
      double scale = Math.max(Math.abs(line.original()), 1.0);
      double delta =
          NOISE_PROBE_ULPS * (view.singlePrecision() ? Math.ulp((float) scale) : Math.ulp(scale));
      try {
        double up = line.moveTo(delta);
        double lossUp = probe.evaluate();
        double down = -line.moveTo(-delta);
        double lossDown = probe.evaluate();
        allFloat &= isFloat(lossUp) && isFloat(lossDown);
        // Weights cancel the linear term exactly even if up != down.
        double second = (down * lossUp + up * lossDown - (up + down) * baseLoss) / (up + down);
        if (Double.isFinite(second)) {
          largest = Math.max(largest, Math.abs(second) / Math.sqrt(1.5));
        }
      } finally {
        line.restore();
      }
    }
    double roundoff = allFloat ? FLOAT_ROUNDOFF : DOUBLE_ROUNDOFF;
    return new NoiseLevel(Math.max(largest, roundoff * Math.abs(baseLoss)), allFloat);
  }

  private static boolean isFloat(double x) {
    return (double) (float) x == x;
  }
}
