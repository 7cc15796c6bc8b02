package dev.backprobe.gradcheck;

/**
 * Turns a {@link GradientSummary} into a {@link GradientCheck}: the numbers the record documents and
 * the verdict, in this order — too many kink crossings ({@link CheckVerdict#KINK}), a gradient within
 * the noise ({@link CheckVerdict#BELOW_NOISE_FLOOR}), a slope along the update that rises beyond the
 * noise ({@link CheckVerdict#CLIMBS}), a relative error beyond the tolerance plus the noise's share
 * ({@link CheckVerdict#MISMATCH}), else {@link CheckVerdict#AGREES}.
 */
final class CheckJudge {
  private final CheckSettings settings;

  CheckJudge(CheckSettings settings) {
    this.settings = settings;
  }

  /** Identity of the tensor being judged. */
  record Subject(String tensor, int step, CheckSubject subject, CheckMode mode, int size) {}

  GradientCheck judge(Subject who, int evaluations, GradientSummary s) {
    double gradientNorm = s.gradientNorm();
    double perpendicular = Math.sqrt(s.perpendicularSquared());
    double along = s.alongSlope();
    double referenceNorm = s.referenceNorm();
    boolean update = who.subject() == CheckSubject.UPDATE;
    double cosine;
    double relativeError;
    double effectiveLearningRate = Double.NaN;
    double directionalDerivative = Double.NaN;
    if (update) {
      cosine = -along / gradientNorm;
      // ‖Δθ + η·g‖ / (‖Δθ‖ + ‖η·g‖) with the best-fitting η = −Δθ·g/‖g‖² is |sin|/(1 + |cos|).
      relativeError = (perpendicular / gradientNorm) / (1 + Math.abs(cosine));
      effectiveLearningRate = -referenceNorm * along / (gradientNorm * gradientNorm);
      directionalDerivative = along;
    } else {
      cosine = along / gradientNorm;
      double difference = Math.hypot(referenceNorm - along, perpendicular);
      relativeError = difference / (referenceNorm + gradientNorm);
    }
    if (referenceNorm == 0) {
      cosine = Double.NaN;
    }
    double floor = settings.noiseMultiplier() * s.noiseNorm();
    CheckVerdict verdict = verdict(update, s, gradientNorm, relativeError, floor);
    return new GradientCheck(
        who.tensor(), who.step(), who.subject(), who.mode(), who.size(), evaluations,
        cosine, relativeError, effectiveLearningRate, directionalDerivative, gradientNorm,
        referenceNorm, floor, s.excluded() - s.nonFinite(), s.belowNoise(), verdict);
  }

  private CheckVerdict verdict(
      boolean update, GradientSummary s, double gradientNorm, double relativeError,
      double floor) {
    double multiplier = settings.noiseMultiplier();
    if (s.tooManyExcluded()) {
      return s.nonFinite() * 2 > s.excluded() ? CheckVerdict.NOT_CHECKED : CheckVerdict.KINK;
    }
    if (!(gradientNorm > floor)) {
      // The numeric gradient is indistinguishable from zero. An update's scale is unknown, so
      // nothing can be said; an analytic gradient well above the floor contradicts it.
      return update || !(s.referenceNorm() > floor)
          ? CheckVerdict.BELOW_NOISE_FLOOR
          : CheckVerdict.MISMATCH;
    }
    double rising = update ? s.alongSlope() : -s.alongSlope();
    if (rising > multiplier * s.alongNoise()) {
      return CheckVerdict.CLIMBS;
    }
    double noiseShare = s.noiseNorm() / gradientNorm;
    if (!(relativeError <= settings.relativeErrorTolerance() + multiplier * noiseShare)) {
      return CheckVerdict.MISMATCH;
    }
    return CheckVerdict.AGREES;
  }
}
