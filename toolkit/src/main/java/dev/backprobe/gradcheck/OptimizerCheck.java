package dev.backprobe.gradcheck;

import java.util.List;

/**
 * Judges updates that are not parallel to the gradient by design, from the gradient already
 * measured at that step (no further loss evaluation): heavy-ball momentum, whose update Δθₜ =
 * −η·gₜ + β·Δθₜ₋₁ carries the previous step's update, and adaptive optimizers, whose first step is a
 * positive per-coordinate scaling of −g (DESIGN.md, "Optimizers").
 *
 * <p>All sums are over the usable projections uⱼ of a {@link NumericGradient}, weighted as in
 * {@link UpdateModelFitter}: 1 per coordinate (and for u₀ in directional mode), (n−1)/k for each of
 * k random directions, so that they estimate full-vector dot products.
 */
public final class OptimizerCheck {

  private final CheckSettings settings;

  public OptimizerCheck(CheckSettings settings) {
    this.settings = settings;
  }

  /**
   * One tensor at one step whose previous step's update is known, reduced to the weighted
   * projections on the measured uⱼ (a few numbers per tensor, so that later steps can be kept to
   * the end of a run): yⱼ = Δθₜ·uⱼ, aⱼ = gₜ·uⱼ, bⱼ = Δθₜ₋₁·uⱼ, with the noise of each aⱼ.
   *
   * @param rate the tensor's own learning rate η (signed: negative when it climbs), from step 1;
   *     NaN when only judged, not fitted
   */
  public record MomentumTerm(
      double[] w, double[] y, double[] a, double[] b, double[] noise, double rate) {

    /**
     * @param update Δθₜ (not modified)
     * @param previous Δθₜ₋₁ (not modified)
     * @param gradient the numeric gradient measured before step t
     */
    public static MomentumTerm of(
        double[] update, double[] previous, NumericGradient gradient, double rate) {
      NumericGradient g = gradient;
      int usable = 0;
      for (boolean u : g.usable()) {
        usable += u ? 1 : 0;
      }
      int randomUsable = g.mode() == CheckMode.DIRECTIONS && g.usable()[0] ? usable - 1 : usable;
      double randomWeight = randomUsable == 0 ? 0 : (update.length - 1.0) / randomUsable;
      double[] w = new double[usable];
      double[] y = new double[usable];
      double[] a = new double[usable];
      double[] b = new double[usable];
      double[] n = new double[usable];
      int k = 0;
      for (int j = 0; j < g.count(); j++) {
        if (!g.usable()[j]) {
          continue;
        }
        w[k] = g.mode() == CheckMode.COORDINATES || j == 0 ? 1 : randomWeight;
        y[k] = g.project(j, update);
        a[k] = g.projection(j);
        b[k] = g.project(j, previous);
        n[k] = g.noise()[j];
        k++;
      }
      return new MomentumTerm(w, y, a, b, n, rate);
    }

    /** The same projections with another learning rate. */
    public MomentumTerm withRate(double newRate) {
      return new MomentumTerm(w, y, a, b, noise, newRate);
    }
  }

  /** β and how well Δθₜ = −η·gₜ + β·Δθₜ₋₁ explains the updates it was fitted to. */
  public record MomentumEstimate(double beta, double relativeResidual) {}

  /**
   * Fits one β shared by all terms, with each term's η given: least squares of (Δθₜ + η·gₜ) =
   * β·Δθₜ₋₁. The residual is ‖Δθ + η·g − β·Δθₜ₋₁‖/‖Δθ‖ over all terms.
   *
   * @return the estimate, or null when no term has a previous update to fit β on
   */
  public static MomentumEstimate fitBeta(List<MomentumTerm> terms) {
    double sbb = 0;
    double sbr = 0;
    for (MomentumTerm p : terms) {
      for (int j = 0; j < p.y.length; j++) {
        double r = p.y[j] + p.rate() * p.a[j];
        sbb += p.w[j] * p.b[j] * p.b[j];
        sbr += p.w[j] * p.b[j] * r;
      }
    }
    if (!(sbb > 0)) {
      return null;
    }
    double beta = sbr / sbb;
    double residual = 0;
    double energy = 0;
    for (MomentumTerm p : terms) {
      for (int j = 0; j < p.y.length; j++) {
        double r = p.y[j] + p.rate() * p.a[j] - beta * p.b[j];
        residual += p.w[j] * r * r;
        energy += p.w[j] * p.y[j] * p.y[j];
      }
    }
    return new MomentumEstimate(beta, energy > 0 ? Math.sqrt(residual / energy) : Double.NaN);
  }

  /**
   * The check of the step's own contribution rₜ = Δθₜ − β·Δθₜ₋₁ against −∇L, judged like the
   * checker judges an update: climbs when the loss rises along rₜ beyond the noise, mismatches when
   * the relative error is beyond the tolerance plus the noise's share.
   *
   * @param raw the checker's check of Δθₜ (its identity, evaluations and kinks are kept)
   */
  public GradientCheck judgeMomentum(GradientCheck raw, MomentumTerm p, double beta) {
    double[] fresh = new double[p.y.length];
    for (int j = 0; j < fresh.length; j++) {
      fresh[j] = p.y[j] - beta * p.b[j];
    }
    return judge(raw, p, fresh);
  }

  private GradientCheck judge(GradientCheck raw, MomentumTerm p, double[] r) {
    double gr = 0;
    double gg = 0;
    double rr = 0;
    double rNoise = 0;
    double noise = 0;
    for (int j = 0; j < r.length; j++) {
      gr += p.w[j] * p.a[j] * r[j];
      gg += p.w[j] * p.a[j] * p.a[j];
      rr += p.w[j] * r[j] * r[j];
      rNoise += p.w[j] * r[j] * r[j] * p.noise[j] * p.noise[j];
      noise += p.w[j] * p.noise[j] * p.noise[j];
    }
    double rNorm = Math.sqrt(rr);
    double gradientNorm = Math.sqrt(gg);
    double along = rNorm > 0 ? gr / rNorm : 0; // g·r̂
    double alongNoise = rNorm > 0 ? Math.sqrt(rNoise / rr) : 0;
    double cosine = rNorm > 0 && gradientNorm > 0 ? -along / gradientNorm : Double.NaN;
    double perpendicular = Math.sqrt(Math.max(0, gg - along * along));
    double relativeError = (perpendicular / gradientNorm) / (1 + Math.abs(cosine));
    double rate = gradientNorm > 0 ? -rNorm * along / (gradientNorm * gradientNorm) : Double.NaN;
    double multiplier = settings.noiseMultiplier();
    double floor = multiplier * Math.sqrt(noise);
    CheckVerdict verdict;
    if (!(gradientNorm > floor) || !(rNorm > 0)) {
      verdict = CheckVerdict.BELOW_NOISE_FLOOR;
    } else if (along > multiplier * alongNoise) {
      verdict = CheckVerdict.CLIMBS;
    } else if (!(relativeError
        <= settings.relativeErrorTolerance() + multiplier * Math.sqrt(noise) / gradientNorm)) {
      verdict = CheckVerdict.MISMATCH;
    } else {
      verdict = CheckVerdict.AGREES;
    }
    return new GradientCheck(
        raw.tensor(), raw.step(), raw.subject(), raw.mode(), raw.size(), raw.lossEvaluations(),
        cosine, relativeError, rate, along, gradientNorm, rNorm, floor, raw.kinkCrossings(),
        raw.belowNoiseFloor(), verdict);
  }

  /**
   * Share of the coordinates whose gradient is beyond the noise that an update moves against the
   * gradient: 1 for any positive per-coordinate scaling of −g (Adam's, RMSprop's, AdaGrad's first
   * step), 0 for one of +g; NaN in directional mode (per-coordinate signs are not measured) or when
   * no coordinate is beyond the noise.
   */
  public double signAgreement(double[] update, NumericGradient g) {
    if (g.mode() != CheckMode.COORDINATES) {
      return Double.NaN;
    }
    int counted = 0;
    int agreeing = 0;
    for (int i = 0; i < g.count(); i++) {
      double gi = g.projection(i);
      if (!g.usable()[i]
          || !(Math.abs(gi) > settings.noiseMultiplier() * g.noise()[i])
          || update[i] == 0 && gi == 0) {
        continue;
      }
      counted++;
      agreeing += update[i] * gi < 0 ? 1 : 0;
    }
    return counted == 0 ? Double.NaN : (double) agreeing / counted;
  }
}
