package dev.backprobe.rules;

import java.util.Locale;

/** Formatting of numbers in messages: short, with a real minus sign, NaN-safe. */
final class Numbers {

  private static final char MINUS = '\u2212';

  private Numbers() {}

  /** Two decimals, e.g. a cosine: {@code −1.00}, {@code 0.98}. */
  static String fixed2(double value) {
    return minus(String.format(Locale.ROOT, "%.2f", value));
  }

  /**
   * A short general form: integers as integers, small and large values as {@code 3.2e-7}, others
   * with up to three significant decimals.
   */
  static String compact(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : MINUS + "∞";
    }
    double abs = Math.abs(value);
    if (value == Math.rint(value) && abs < 1e4) {
      return minus(String.valueOf((long) value));
    }
    if (abs < 1e-2 || abs >= 1e4) {
      String text = String.format(Locale.ROOT, "%.1e", value); // 3.2e-07
      String mantissa = text.substring(0, text.indexOf('e'));
      int exponent = Integer.parseInt(text.substring(text.indexOf('e') + 1));
      if (mantissa.endsWith(".0")) {
        mantissa = mantissa.substring(0, mantissa.length() - 2);
      }
      return minus(mantissa + "e" + exponent);
    }
    String text = new java.math.BigDecimal(value)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
    return minus(text);
  }

  /** A share as a percentage: {@code 78%}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  /** A real minus sign for a negative number (exponents keep their hyphen). */
  private static String minus(String text) {
    return text.startsWith("-") ? MINUS + text.substring(1) : text;
  }
}
