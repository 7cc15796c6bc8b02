package dev.backprobe.report.chart;

/**
 * Builds an SVG path's {@code d} attribute from coordinates, two decimals at most; a non-finite
 * coordinate breaks the line so that a gap shows where a value could not be drawn.
 */
public final class PathData {

  private final StringBuilder d = new StringBuilder();
  private boolean penDown;

  /** Continues the line to (x, y), or breaks it when either is not finite. */
  public PathData to(double x, double y) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      penDown = false;
      return this;
    }
    d.append(penDown ? 'L' : 'M').append(num(x)).append(' ').append(num(y));
    penDown = true;
    return this;
  }

  /** Starts a new sub-path at (x, y). */
  public PathData move(double x, double y) {
    penDown = false;
    return to(x, y);
  }

  /** Closes the current sub-path (for filled areas). */
  public PathData closePath() {
    if (penDown) {
      d.append('Z');
      penDown = false;
    }
    return this;
  }

  public boolean isEmpty() {
    return d.length() == 0;
  }

  @Override
  public String toString() {
    return d.toString();
  }

  /** A coordinate with at most one decimal: a tenth of a pixel is below what a screen shows. */
  static String num(double v) {
    long tenths = Math.round(v * 10);
    long whole = tenths / 10;
    long frac = Math.abs(tenths % 10);
    String sign = tenths < 0 && whole == 0 ? "-" : "";
    return frac == 0 ? sign + whole : sign + whole + "." + frac;
  }
}
