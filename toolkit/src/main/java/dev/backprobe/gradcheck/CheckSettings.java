package dev.backprobe.gradcheck;

/**
 * Tunable settings of a {@link GradientChecker}; {@link #defaults()} gives the documented defaults.
 *
 * <p>The numeric constants below are the checker's thresholds, each with its source. The
 * finite-difference step is not a setting: it follows from the measured noise of the loss (see
 * {@link GradientChecker}).
 *
 * @param coordinateLimit tensors with at most this many values are checked coordinate by coordinate
 *     (2 loss evaluations each); larger ones along directions
 * @param randomDirections random unit directions per tensor in directional mode, besides the update
 *     (or analytic gradient) direction itself
 * @param seed seed of the checker's own random directions (never the trainer's generator)
 * @param relativeErrorTolerance relative error above which direction or scale disagree
 * @param noiseMultiplier how many noise standard deviations a difference must exceed to count
 */
public record CheckSettings(
    int coordinateLimit,
    int randomDirections,
    long seed,
    double relativeErrorTolerance,
    double noiseMultiplier) {

  /**
   * 64 values: a 64-value tensor costs 128 evaluations, about what the directional check of a whole
   * 784-300-75-10 MLP costs (see docs/benchmarks.md), so small tensors (biases of small layers,
   * toy nets) get the exact per-coordinate check while large ones stay cheap.
   */
  public static final int DEFAULT_COORDINATE_LIMIT = 64;

  /**
   * 4 random directions: the perpendicular part of the gradient is estimated from a χ² with 4
   * degrees of freedom, whose relative spread √(2/4) ≈ 0.7 on ‖g⊥‖² is still narrow enough to put a
   * cosine of 0.98 (relative error ≈ 0.1) an order of magnitude above the tolerance (see {@link
   * GradientChecker}); each extra direction costs 2 loss evaluations.
   */
  public static final int DEFAULT_RANDOM_DIRECTIONS = 4;

  /** Fixed so that two runs of the same trainer check the same directions. */
  public static final long DEFAULT_SEED = 0x5EED_BAC4_0B3EL;

  /**
   * 1e-2: CS231n "Gradient checks" notes — a relative error above 1e-2 means the gradient is
   * probably wrong (1e-4 is fine with kinks, 1e-7 with smooth objectives). Our relative error is
   * over the whole tensor; its finite-difference error with the step used is below 1e-5 in double
   * and 1e-4 in single precision, so the tolerance is not eaten by truncation error.
   */
  public static final double DEFAULT_RELATIVE_ERROR_TOLERANCE = 1e-2;

  /**
   * 4 standard deviations of the measured noise: a rounding-noise difference exceeds it with a
   * chance under 1e-4 (Gaussian tail), and the noise estimate itself is the largest of a few
   * samples, so it errs high rather than low.
   */
  public static final double DEFAULT_NOISE_MULTIPLIER = 4.0;

  /**
   * Share of coordinates (or random directions) that may be excluded as kink crossings before the
   * tensor's verdict becomes {@link CheckVerdict#KINK}: past one half the rest is no longer a
   * representative sample of the tensor.
   */
  public static final double MAX_EXCLUDED_SHARE = 0.5;

  public CheckSettings {
    if (coordinateLimit < 0) {
      throw new IllegalArgumentException("coordinateLimit must be >= 0, got " + coordinateLimit);
    }
    if (randomDirections < 1) {
      throw new IllegalArgumentException("randomDirections must be >= 1, got " + randomDirections);
    }
    if (!(relativeErrorTolerance > 0 && relativeErrorTolerance < 1)) {
      throw new IllegalArgumentException(
          "relativeErrorTolerance must be in (0, 1), got " + relativeErrorTolerance);
    }
    if (!(noiseMultiplier > 0)) {
      throw new IllegalArgumentException("noiseMultiplier must be > 0, got " + noiseMultiplier);
    }
  }

  public static CheckSettings defaults() {
    return new CheckSettings(
        DEFAULT_COORDINATE_LIMIT,
        DEFAULT_RANDOM_DIRECTIONS,
        DEFAULT_SEED,
        DEFAULT_RELATIVE_ERROR_TOLERANCE,
        DEFAULT_NOISE_MULTIPLIER);
  }

  public CheckSettings withCoordinateLimit(int limit) {
    return new CheckSettings(
        limit, randomDirections, seed, relativeErrorTolerance, noiseMultiplier);
  }

  public CheckSettings withRandomDirections(int directions) {
    return new CheckSettings(
        coordinateLimit, directions, seed, relativeErrorTolerance, noiseMultiplier);
  }

  public CheckSettings withSeed(long newSeed) {
    return new CheckSettings(
        coordinateLimit, randomDirections, newSeed, relativeErrorTolerance, noiseMultiplier);
  }
}
