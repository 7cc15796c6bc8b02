package dev.backprobe.report.chart;

import dev.backprobe.report.page.Format;
import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a chart: a domain of values mapped onto a pixel range, linearly or on a log scale,
 * with "nice" tick values (1, 2, 5 × 10ⁿ, or powers of ten).
 */
public final class Axis {

  /**
   * A chart switches to a log scale when its positive values span at least this many decades: two
   * decades (a factor of 100) squeeze everything below 1% of the top into one pixel row.
   */
  public static final double LOG_SCALE_MIN_DECADES = 2;

  /** About this many ticks on a linear axis; more crowd a 220-pixel chart. */
  private static final int LINEAR_TICKS = 5;

  /** At most this many labelled powers of ten on a log axis. */
  private static final int LOG_TICKS = 7;

  private final double low;
  private final double high;
  private final boolean log;
  private final double from;
  private final double to;

  private Axis(double low, double high, boolean log, double from, double to) {
    this.low = low;
    this.high = high;
    this.log = log;
    this.from = from;
    this.to = to;
  }

  /** A linear axis over [low, high] (widened when empty), drawn from pixel {@code from} to {@code to}. */
  public static Axis linear(double low, double high, double from, double to) {
    if (!(high > low)) {
      double pad = Math.abs(low) > 0 ? Math.abs(low) * 0.1 : 1;
      low -= pad;
      high += pad;
    }
    double step = niceStep((high - low) / LINEAR_TICKS);
    return new Axis(Math.floor(low / step) * step, Math.ceil(high / step) * step, false, from, to);
  }

  /** A log axis over [low, high] (both positive), widened to whole decades. */
  public static Axis log(double low, double high, double from, double to) {
    double lo = Math.floor(Math.log10(low));
    double hi = Math.ceil(Math.log10(high));
    if (hi <= lo) {
      hi = lo + 1;
    }
    return new Axis(Math.pow(10, lo), Math.pow(10, hi), true, from, to);
  }

  /**
   * The axis a set of values needs: log when every finite value is positive and they span {@link
   * #LOG_SCALE_MIN_DECADES}, else linear; ignores NaN and infinities.
   */
  public static Axis fit(double[] values, double from, double to, boolean allowLog) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min > max) {
      return linear(0, 1, from, to);
    }
    if (allowLog && min > 0 && Math.log10(max / min) >= LOG_SCALE_MIN_DECADES) {
      return log(min, max, from, to);
    }
    return linear(min, max, from, to);
  }

  /** A log axis over the positive finite values, at least covering [{@code mustLow}, {@code mustHigh}]. */
  public static Axis fitLog(double[] values, double mustLow, double mustHigh, double from, double to) {
    double min = mustLow;
    double max = mustHigh;
    for (double v : values) {
      if (Double.isFinite(v) && v > 0) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return log(min, max, from, to);
  }

  public boolean isLog() {
    return log;
  }

  public double low() {
    return low;
  }

  public double high() {
    return high;
  }

  /** Whether a value can be placed on this axis (finite, and positive on a log axis). */
  public boolean canShow(double v) {
    return Double.isFinite(v) && (!log || v > 0);
  }

  /** Pixel position of a value; values outside the domain are clamped to its ends. */
  public double position(double v) {
    double t;
    if (log) {
      t = (Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
    } else {
      t = (v - low) / (high - low);
    }
    if (Double.isNaN(t)) {
      t = 0;
    }
    t = Math.max(0, Math.min(1, t));
    return from + t * (to - from);
  }

  /** Tick values inside the domain. */
  public List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    if (log) {
      int lo = (int) Math.round(Math.log10(low));
      int hi = (int) Math.round(Math.log10(high));
      int every = Math.max(1, (int) Math.ceil((hi - lo) / (double) (LOG_TICKS - 1)));
      for (int e = lo; e <= hi; e += every) {
        ticks.add(Math.pow(10, e));
      }
      return ticks;
    }
    double step = niceStep((high - low) / LINEAR_TICKS);
    for (double v = low; v <= high + step * 1e-9; v += step) {
      ticks.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return ticks;
  }

  /** A tick's label. */
  public String label(double v) {
    if (log) {
      long exponent = Math.round(Math.log10(v));
      return exponent >= -2 && exponent <= 3 ? Format.number(v) : "1e" + exponent;
    }
    return Format.number(v);
  }

  /** 1, 2 or 5 × 10ⁿ, the smallest at least {@code rough}. */
  static double niceStep(double rough) {
    if (!(rough > 0) || !Double.isFinite(rough)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double f = rough / power;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * power;
  }
}
