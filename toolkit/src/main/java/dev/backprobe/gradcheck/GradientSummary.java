package dev.backprobe.gradcheck;

/**
 * The few numbers a verdict needs, reduced from a {@link NumericGradient} and a reference vector r
 * (the update Δθ or the analytic gradient a): the slope along r̂ = r/‖r‖ and the size of the
 * gradient's part perpendicular to r̂.
 *
 * <p>Coordinate mode: exact sums over the usable coordinates (r restricted to them too).
 *
 * <p>Directional mode: u₀ = r̂, so g·r̂ is measured directly and its sign is exact up to noise. The
 * perpendicular part is estimated from k random unit vectors uⱼ uniform on the sphere orthogonal to
 * r̂ in n dimensions: E[(g·uⱼ)²] = ‖g⊥‖²/(n−1), so ‖g⊥‖² ≈ (n−1)/k·Σⱼ((g·uⱼ)² − σⱼ²), the σⱼ²
 * removing the expected noise energy (clamped at 0). The estimate is a scaled χ² with k degrees of
 * freedom: its relative spread on ‖g⊥‖² is √(2/k), i.e. about ±35% on ‖g⊥‖ for k = 4. That is what
 * the cosine and relative error inherit; the sign along r̂ does not.
 *
 * @param alongSlope g·r̂
 * @param alongNoise noise standard deviation of g·r̂
 * @param perpendicularSquared ‖g⊥‖² (estimated in directional mode)
 * @param noiseNorm norm of the noise on the whole gradient estimate
 * @param referenceNorm ‖r‖ over the coordinates compared
 * @param excluded coordinates or directions excluded (kink or non-finite loss)
 * @param nonFinite of those, the ones where the loss was not finite
 * @param belowNoise coordinates or directions whose slope was within the noise
 * @param tooManyExcluded whether the exclusions leave too little to judge (or hit r̂ itself)
 */
record GradientSummary(
    double alongSlope,
    double alongNoise,
    double perpendicularSquared,
    double noiseNorm,
    double referenceNorm,
    int excluded,
    int nonFinite,
    int belowNoise,
    boolean tooManyExcluded) {

  double gradientNorm() {
    return Math.sqrt(alongSlope * alongSlope + perpendicularSquared);
  }

  static GradientSummary coordinates(
      NumericGradient g, double[] r, boolean[] nonFinite, double noiseMultiplier) {
    double gr = 0;
    double gg = 0;
    double rr = 0;
    double rNoise = 0;
    double noise = 0;
    int excluded = 0;
    int bad = 0;
    int below = 0;
    for (int i = 0; i < g.count(); i++) {
      if (!g.usable()[i]) {
        excluded++;
        bad += nonFinite[i] ? 1 : 0;
        continue;
      }
      double gi = g.projection(i);
      double si = g.noise()[i];
      gr += gi * r[i];
      gg += gi * gi;
      rr += r[i] * r[i];
      rNoise += r[i] * r[i] * si * si;
      noise += si * si;
      below += Math.abs(gi) <= noiseMultiplier * si ? 1 : 0;
    }
    double rNorm = Math.sqrt(rr);
    double along = rNorm > 0 ? gr / rNorm : 0;
    double alongNoise = rNorm > 0 ? Math.sqrt(rNoise / rr) : 0;
    boolean tooMany = excluded > CheckSettings.MAX_EXCLUDED_SHARE * g.count();
    return new GradientSummary(
        along, alongNoise, Math.max(0, gg - along * along), Math.sqrt(noise), rNorm,
        excluded, bad, below, tooMany);
  }

  static GradientSummary directions(
      NumericGradient g, int size, double referenceNorm, boolean[] nonFinite,
      double noiseMultiplier) {
    int excluded = 0;
    int bad = 0;
    int below = 0;
    int random = 0;
    double energy = 0;
    double noiseEnergy = 0;
    for (int j = 0; j < g.count(); j++) {
      if (!g.usable()[j]) {
        excluded++;
        bad += nonFinite[j] ? 1 : 0;
        continue;
      }
      double p = g.projection(j);
      double s = g.noise()[j];
      below += Math.abs(p) <= noiseMultiplier * s ? 1 : 0;
      if (j > 0) {
        random++;
        energy += p * p - s * s;
        noiseEnergy += s * s;
      }
    }
    int randomTotal = g.count() - 1;
    boolean tooMany =
        !g.usable()[0] || random == 0
            || randomTotal - random > CheckSettings.MAX_EXCLUDED_SHARE * randomTotal;
    double scale = random == 0 ? 0 : (size - 1.0) / random;
    double along = g.usable()[0] ? g.projection(0) : Double.NaN;
    double alongNoise = g.noise()[0];
    double perpendicular = Math.max(0, scale * energy);
    double noise = Math.sqrt(alongNoise * alongNoise + scale * noiseEnergy);
    return new GradientSummary(
        along, alongNoise, perpendicular, noise, referenceNorm, excluded, bad, below, tooMany);
  }
}
