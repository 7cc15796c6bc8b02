package dev.backprobe.report.chart;

import dev.backprobe.report.html.HtmlWriter;

/**
 * The frame every x–y chart shares: a plot area inside margins, grid lines and tick labels for
 * both axes, axis titles. Built from the data's axes, then drawn into before {@link #close()}.
 */
public final class Plot {

  /**
   * Default chart size in SVG units; the page scales it to the column width (about 1070 pixels on a
   * desktop), so labels keep roughly their nominal size there and shrink on a phone.
   */
  public static final double WIDTH = 960;

  public static final double HEIGHT = 260;

  private static final double LEFT = 56;
  private static final double RIGHT = 12;
  private static final double TOP = 12;
  private static final double BOTTOM = 34;

  private final HtmlWriter w;
  private final Axis x;
  private final Axis y;

  private Plot(HtmlWriter w, Axis x, Axis y) {
    this.w = w;
    this.x = x;
    this.y = y;
  }

  /** Pixel range of the x axis for a chart of the given width. */
  public static double[] xRange(double width) {
    return new double[] {LEFT, width - RIGHT};
  }

  /** Pixel range of the y axis (top to bottom reversed: larger values higher). */
  public static double[] yRange(double height) {
    return new double[] {height - BOTTOM, TOP};
  }

  /** Opens the SVG and draws the frame; the caller draws data, then {@link #close()}s. */
  public static Plot open(
      HtmlWriter w,
      double width,
      double height,
      Axis x,
      Axis y,
      String label,
      String xTitle,
      String yTitle) {
    Svg.open(w, width, height, label);
    Plot plot = new Plot(w, x, y);
    plot.frame(width, height, xTitle, yTitle);
    return plot;
  }

  private void frame(double width, double height, String xTitle, String yTitle) {
    double left = LEFT;
    double right = width - RIGHT;
    double top = TOP;
    double bottom = height - BOTTOM;
    w.open("g").attr("class", "grid");
    for (double v : y.ticks()) {
      double py = y.position(v);
      Svg.line(w, left, py, right, py, "gl");
      Svg.text(w, left - 6, py + 4, "end", "tl", y.label(v));
    }
    for (double v : x.ticks()) {
      double px = x.position(v);
      Svg.line(w, px, bottom, px, bottom + 4, "ax");
      Svg.text(w, px, bottom + 16, "middle", "tl", x.label(v));
    }
    Svg.line(w, left, bottom, right, bottom, "ax");
    Svg.line(w, left, top, left, bottom, "ax");
    if (xTitle != null) {
      Svg.text(w, right, height - 4, "end", "at", xTitle);
    }
    if (yTitle != null) {
      Svg.text(w, left + 4, top + 10, "start", "at", yTitle);
    }
    w.close();
  }

  public HtmlWriter writer() {
    return w;
  }

  public Axis x() {
    return x;
  }

  public Axis y() {
    return y;
  }

  public double px(double v) {
    return x.position(v);
  }

  public double py(double v) {
    return y.position(v);
  }

  /**
   * Marks a value that cannot be drawn (NaN, ±Inf, or ≤ 0 on a log axis) at step {@code xv}: a red
   * tick at the top (NaN, +Inf) or bottom (−Inf, ≤ 0) with a tooltip saying what it was.
   */
  public void markUndrawable(double xv, double yv, String what) {
    double px = x.position(xv);
    boolean low = yv == Double.NEGATIVE_INFINITY || (Double.isFinite(yv) && y.isLog() && yv <= 0);
    double py = low ? y.position(y.low()) : y.position(y.high());
    double dir = low ? -1 : 1;
    PathData d = new PathData().move(px - 4, py - 6 * dir).to(px + 4, py - 6 * dir).to(px, py);
    d.closePath();
    w.open("path").attr("d", d.toString()).attr("class", "bad");
    w.element("title", what);
    w.close();
  }

  public void close() {
    w.close();
  }
}
