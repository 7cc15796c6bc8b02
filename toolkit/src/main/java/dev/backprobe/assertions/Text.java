package dev.backprobe.assertions;

import java.util.Locale;

/** Numbers and names as assertion messages print them: a real minus sign, short tensor names. */
final class Text {

  private static final char MINUS = '\u2212';

  private Text() {}

  /** Two decimals, e.g. a cosine: {@code −1.00}. */
  static String fixed2(double value) {
    return Double.isNaN(value) ? "NaN" : minus(String.format(Locale.ROOT, "%.2f", value));
  }

  /** Three significant digits, {@code 3.2e-7} style for small and large values. */
  static String compact(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    double abs = Math.abs(value);
    String text =
        abs != 0 && (abs < 1e-2 || abs >= 1e4)
            ? String.format(Locale.ROOT, "%.1e", value)
            : String.format(Locale.ROOT, "%.3g", value);
    return minus(text);
  }

  /** A share as a percentage: {@code 78%}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  /**
   * The part of a tensor name after its class ({@code pkg.Net.layers[0].w} reads {@code
   * layers[0].w}), or of a method reference after {@code #}.
   */
  static String shortName(String name) {
    if (name == null) {
      return "?";
    }
    int hash = name.indexOf('#');
    if (hash >= 0) {
      return name.substring(hash + 1);
    }
    String[] segments = name.split("\\.");
    for (int i = 0; i < segments.length - 1; i++) {
      if (!segments[i].isEmpty() && Character.isUpperCase(segments[i].charAt(0))) {
        return String.join(".", java.util.Arrays.copyOfRange(segments, i + 1, segments.length));
      }
    }
    return segments[segments.length - 1];
  }

  private static String minus(String text) {
    return text.replace('-', MINUS).replace("e" + MINUS, "e-");
  }
}
