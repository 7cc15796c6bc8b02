package dev.backprobe.probe;

import java.util.Map;

/**
 * What {@link ActivationProber} found a function to be.
 *
 * @param kind the activation it computes, or {@link ActivationKind#UNKNOWN}
 * @param parameters fitted parameters: {@code slope} for a leaky ReLU; empty otherwise
 * @param maxError largest scaled error ({@code |y − ref| / max(1, |ref|)}) against the reference of
 *     {@code kind} (or of the closest kind when unknown; +∞ when the function failed)
 * @param tolerance the largest scaled error accepted for a match ({@link ProbeThresholds})
 * @param reason one sentence: what matched, or why nothing did
 */
public record ActivationMatch(
    ActivationKind kind,
    Map<String, Double> parameters,
    double maxError,
    double tolerance,
    String reason) {

  /** Key of a leaky ReLU's negative-side slope in {@link #parameters()}. */
  public static final String SLOPE = "slope";

  public ActivationMatch {
    parameters = Map.copyOf(parameters);
  }

  /** Whether a known activation matched. */
  public boolean matched() {
    return kind != ActivationKind.UNKNOWN;
  }

  /** A leaky ReLU's slope for x &lt; 0, else NaN. */
  public double slope() {
    return parameters.getOrDefault(SLOPE, Double.NaN);
  }

  static ActivationMatch unknown(double maxError, double tolerance, String reason) {
    return new ActivationMatch(ActivationKind.UNKNOWN, Map.of(), maxError, tolerance, reason);
  }
}
