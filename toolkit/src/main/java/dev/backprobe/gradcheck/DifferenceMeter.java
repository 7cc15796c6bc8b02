package dev.backprobe.gradcheck;

/**
 * Measures the slope of the loss along a {@link Line} by a central difference and tells a kink
 * crossing from smooth behaviour. Every move is undone before {@link #sample} and {@link #resolve}
 * return, also when the loss throws.
 *
 * <p>Kinks. With a {@link KinkProbe}, a measurement is suspect when the signature at θ ± h differs
 * from the one at θ. Without one, it is suspect when the one-sided slopes (L(θ+h) − L(θ))/h and
 * (L(θ) − L(θ−h))/h differ by more than {@link #KINK_SLOPE_JUMP} of the larger (or of the tensor's
 * typical slope, when that is larger) and by more than the noise: for a smooth loss they differ by
 * h·L'' only. A suspect measurement is repeated with h/{@link #KINK_REFINE_FACTOR}. If the pieces
 * now agree (probe), or the slope jump shrank with the step as curvature does (no probe), the
 * smaller step's central difference is used. If it persists, a kink sits within the step — or
 * exactly at θ, as for a ReLU evaluated at 0 — and the measurement is excluded, not compared. For
 * a coordinate a persisting signature change decides by itself; for a direction the numeric test
 * decides (see {@link #resolve}).
 */
final class DifferenceMeter {

  /**
   * A slope jump under this share of the slope moves the central difference by under half of it,
   * which the relative-error tolerance (CS231n's 1e-2) absorbs; so smaller jumps need no second
   * look.
   */
  static final double KINK_SLOPE_JUMP = CheckSettings.DEFAULT_RELATIVE_ERROR_TOLERANCE;

  /** The second look uses a 4× smaller step: curvature's jump shrinks 4×, a kink's does not. */
  static final double KINK_REFINE_FACTOR = 4;

  /** Midway (on a log scale, roughly) between 1/4 (curvature) and 1 (kink) for the jump ratio. */
  static final double KINK_PERSISTENCE = 0.5;

  /** A measured slope along a line. */
  record Difference(double slope, double noise, boolean kink, boolean finite) {
    boolean usable() {
      return finite && !kink;
    }
  }

  private final LossProbe probe;
  private final double baseLoss;
  private final long baseSignature;
  private final double lossNoise;
  private final double noiseMultiplier;

  DifferenceMeter(
      LossProbe probe, double baseLoss, long baseSignature, double lossNoise,
      double noiseMultiplier) {
    this.probe = probe;
    this.baseLoss = baseLoss;
    this.baseSignature = baseSignature;
    this.lossNoise = lossNoise;
    this.noiseMultiplier = noiseMultiplier;
  }

  /** First measurement along {@code line} with step {@code step}; the line is restored on return. */
  Sample sample(Line line, double step) {
    try {
      return evaluate(line, step);
    } finally {
      line.restore();
    }
  }

  /**
   * The slope along {@code line}: {@code first} itself, or, when it is suspect, a second look with a
   * smaller step that either clears it or marks a kink. The line is restored on return.
   *
   * @param slopeScale typical size of one slope of this tensor (‖g‖/√n from the first samples): a
   *     slope jump far below it cannot move the tensor's verdict, so it is not looked at again
   * @param probeDecides whether a {@link KinkProbe} signature that still changes at the smaller
   *     step excludes the measurement by itself (coordinates), or only makes the numeric jump test
   *     decide (directions: moving every weight of a large ReLU layer flips some unit almost
   *     surely, usually to no measurable effect)
   */
  Difference resolve(Line line, double step, Sample first, double slopeScale, boolean probeDecides) {
    if (!first.finite() || !suspect(first, slopeScale)) {
      return first.toDifference(false);
    }
    Sample second = sample(line, step / KINK_REFINE_FACTOR);
    if (!second.finite()) {
      return second.toDifference(false);
    }
    boolean kink;
    if (probe.hasKinkProbe()) {
      kink = second.crossed && (probeDecides || numericKink(first, second, slopeScale));
    } else {
      kink = numericKink(first, second, slopeScale);
    }
    return second.toDifference(kink);
  }

  /** The slope jump persists at the smaller step and is large enough to matter. */
  private boolean numericKink(Sample first, Sample second, double slopeScale) {
    return jumpMatters(second, slopeScale) && second.jump >= KINK_PERSISTENCE * first.jump;
  }

  private boolean suspect(Sample s, double slopeScale) {
    return probe.hasKinkProbe() ? s.crossed : jumpMatters(s, slopeScale);
  }

  private boolean jumpMatters(Sample s, double slopeScale) {
    double slope = Math.max(Math.max(Math.abs(s.forward), Math.abs(s.backward)), slopeScale);
    return s.jump > noiseMultiplier * s.jumpNoise && s.jump > KINK_SLOPE_JUMP * slope;
  }

  private Sample evaluate(Line line, double step) {
    double up = line.moveTo(step);
    double lossUp = probe.evaluate();
    long signatureUp = probe.lastSignature();
    double down = -line.moveTo(-step);
    double lossDown = probe.evaluate();
    long signatureDown = probe.lastSignature();
    boolean crossed = signatureUp != baseSignature || signatureDown != baseSignature;
    return new Sample(up, down, lossUp, lossDown, crossed);
  }

  /** Two evaluations at θ + up·u and θ − down·u. */
  final class Sample {
    final double up;
    final double down;
    final double lossUp;
    final double lossDown;
    final boolean crossed;
    final double forward;
    final double backward;
    final double jump;
    final double jumpNoise;

    Sample(double up, double down, double lossUp, double lossDown, boolean crossed) {
      this.up = up;
      this.down = down;
      this.lossUp = lossUp;
      this.lossDown = lossDown;
      this.crossed = crossed;
      this.forward = (lossUp - baseLoss) / up;
      this.backward = (baseLoss - lossDown) / down;
      this.jump = Math.abs(forward - backward);
      // fwd − bwd = L₊/up + L₋/down − L₀(1/up + 1/down): independent noise of std σ in each L.
      double a = 1 / up;
      double b = 1 / down;
      this.jumpNoise = lossNoise * Math.sqrt(a * a + b * b + (a + b) * (a + b));
    }

    /** The central-difference slope. */
    double slope() {
      return (lossUp - lossDown) / (up + down);
    }

    boolean finite() {
      return up > 0 && down > 0 && Double.isFinite(lossUp) && Double.isFinite(lossDown);
    }

    Difference toDifference(boolean kink) {
      double span = up + down;
      return new Difference(
          (lossUp - lossDown) / span, lossNoise * Math.sqrt(2) / span, kink, finite());
    }
  }
}
