package dev.backprobe.report.page;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How numbers read on the page: a few significant digits, scientific only when they need it. */
public final class Format {

  /** Significant digits shown by default: enough to compare, few enough to read at a glance. */
  public static final int DIGITS = 3;

  /** Below this magnitude (and above {@link #LARGE}) a number is written as {@code 1.23e-7}. */
  private static final double SMALL = 1e-3;

  private static final double LARGE = 1e6;

  private Format() {}

  /** A number with {@link #DIGITS} significant digits; NaN and infinities spelled out. */
  public static String number(double v) {
    return number(v, DIGITS);
  }

  /** A number with the given significant digits. */
  public static String number(double v, int digits) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < Math.min(LARGE, Math.pow(10, digits))) {
      return Long.toString((long) v); // a step number, a count: nothing to round
    }
    // From the shortest decimal that reads back as v (Double.toString), not from its exact binary
    // expansion: new BigDecimal(1e-10) has 1e-10's ~80 exact digits, whose 5^k powers made this
    // method a quarter of the cold rules-and-report time at a run's exit; the two differ only
    // where the shortest decimal is a tie at the rounded digit, and then this one is the
    // rounding a reader of the printed value expects.
    BigDecimal rounded =
        BigDecimal.valueOf(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    double magnitude = Math.abs(rounded.doubleValue());
    if (magnitude < SMALL || magnitude >= LARGE) {
      return scientific(rounded);
    }
    return rounded.stripTrailingZeros().toPlainString();
  }

  /** A nullable number; "–" when absent. */
  public static String number(Double v) {
    return v == null ? "–" : number(v.doubleValue());
  }

  private static String scientific(BigDecimal rounded) {
    BigDecimal unscaled = rounded.stripTrailingZeros();
    int exponent = unscaled.precision() - unscaled.scale() - 1;
    BigDecimal mantissa = unscaled.movePointLeft(exponent).stripTrailingZeros();
    return mantissa.toPlainString() + "e" + exponent;
  }

  /** A share in [0, 1] as a percentage. */
  public static String percent(double share) {
    if (!Double.isFinite(share)) {
      return number(share);
    }
    double p = share * 100;
    if (p != 0 && Math.abs(p) < 0.1) {
      return "<0.1%";
    }
    return String.format(Locale.ROOT, p >= 10 || p == 0 ? "%.0f%%" : "%.1f%%", p);
  }

  /** Milliseconds as {@code 850 ms}, {@code 12.3 s} or {@code 4 min 05 s}. */
  public static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
  }

  /** A count with its noun, plural when needed: {@code 1 error}, {@code 2 errors}. */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
