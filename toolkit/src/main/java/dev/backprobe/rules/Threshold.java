package dev.backprobe.rules;

/**
 * One named threshold of the rules, with the source it comes from. Findings name the threshold they
 * crossed in their evidence as {@code "threshold": "Thresholds.UPDATE_RATIO_TINY = 1e-6"}, the
 * form {@link #toString()} gives.
 *
 * @param name the constant's name in {@link Thresholds}
 * @param value its value
 * @param source where the value comes from (a reference, a derivation, a measured noise level)
 */
public record Threshold(String name, double value, String source) {

  /** {@code Thresholds.NAME = value}, the form findings use in their evidence. */
  @Override
  public String toString() {
    return "Thresholds." + name + " = " + Numbers.compact(value);
  }
}
