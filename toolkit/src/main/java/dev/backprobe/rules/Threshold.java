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
    return "Thresholds." + name + " = " + exact(value);
  }

  /** The value as written in the source: {@code 0.01}, {@code 1e-6}, {@code 100}, {@code 0.9998}. */
  static String exact(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    java.math.BigDecimal decimal = java.math.BigDecimal.valueOf(value).stripTrailingZeros();
    double abs = Math.abs(value);
    if (abs == 0 || (abs >= 1e-3 && abs < 1e6)) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = decimal.precision() - decimal.scale() - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "") + mantissa + "e" + exponent;
  }
}
