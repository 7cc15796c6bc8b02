package dev.backprobe.report.chart;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.report.page.Format;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines over training steps (loss, update/weight ratios): linear or log y axis, an optional shaded
 * band (a healthy range), points that cannot be drawn marked in red, and an HTML legend that wraps
 * on narrow screens.
 */
public final class LineChart {

  /** How the y axis is chosen. */
  public enum YScale {
    /** Log when the values span decades (see {@link Axis#LOG_SCALE_MIN_DECADES}). */
    AUTO,
    /** Always log (ratios that range over many orders of magnitude). */
    LOG
  }

  /** Points per series after thinning: about one per three pixels of a 960-wide chart. */
  public static final int MAX_POINTS = 320;

  /** Up to this many points per series get a dot with a tooltip; more would clutter and bloat. */
  private static final int MAX_DOTS = 40;

  private final String label;
  private final String xTitle;
  private final String yTitle;
  private final List<Series> series = new ArrayList<>();
  private YScale scale = YScale.AUTO;
  private double bandLow = Double.NaN;
  private double bandHigh = Double.NaN;
  private String bandLabel;

  public LineChart(String label, String xTitle, String yTitle) {
    this.label = label;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
  }

  public LineChart add(Series s) {
    series.add(s.thin(MAX_POINTS));
    return this;
  }

  public LineChart scale(YScale scale) {
    this.scale = scale;
    return this;
  }

  /** Shades [low, high] across the plot, e.g. the healthy update/weight range. */
  public LineChart band(double low, double high, String label) {
    this.bandLow = low;
    this.bandHigh = high;
    this.bandLabel = label;
    return this;
  }

  /** Whether any series has a value that can be drawn. */
  public boolean hasData() {
    for (Series s : series) {
      for (double v : s.ys()) {
        if (Double.isFinite(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Writes the chart as a {@code <figure>} with an SVG and a legend. */
  public void write(HtmlWriter w) {
    w.open("figure", "fig");
    Axis x = xAxis();
    Axis y = yAxis();
    Plot plot = Plot.open(w, Plot.WIDTH, Plot.HEIGHT, x, y, label, xTitle, yTitle);
    if (!Double.isNaN(bandLow)) {
      double top = plot.py(bandHigh);
      double bottom = plot.py(bandLow);
      double[] xr = Plot.xRange(Plot.WIDTH);
      Svg.rect(w, xr[0], top, xr[1] - xr[0], bottom - top, "band", bandLabel);
    }
    for (int i = 0; i < series.size(); i++) {
      drawSeries(plot, series.get(i), Palette.seriesClass(i));
    }
    plot.close();
    legend(w);
    w.close();
  }

  private void drawSeries(Plot plot, Series s, String cls) {
    HtmlWriter w = plot.writer();
    PathData d = new PathData();
    for (int i = 0; i < s.size(); i++) {
      double v = s.ys()[i];
      d.to(plot.px(s.xs()[i]), plot.y().canShow(v) ? plot.py(v) : Double.NaN);
    }
    Svg.path(w, d.toString(), "ln " + cls);
    boolean dots = s.size() <= MAX_DOTS;
    for (int i = 0; i < s.size(); i++) {
      double step = s.xs()[i];
      double v = s.ys()[i];
      if (!plot.y().canShow(v)) {
        plot.markUndrawable(step, v, tip(s, step, v));
      } else if (dots) {
        w.open("circle")
            .attr("cx", plot.px(step))
            .attr("cy", plot.py(v))
            .attr("r", 2.5)
            .attr("class", "pt " + cls);
        w.element("title", tip(s, step, v));
        w.close();
      }
    }
  }

  /** A point's tooltip; built only for the points that show one (a long run has thousands). */
  private static String tip(Series s, double step, double v) {
    return s.name() + ", step " + Format.number(step, 9) + ": " + Format.number(v, 4);
  }

  private void legend(HtmlWriter w) {
    w.open("figcaption", "legend");
    for (int i = 0; i < series.size(); i++) {
      w.open("span", "key");
      w.open("i", "sw " + Palette.seriesClass(i)).close();
      w.text(series.get(i).name());
      w.close();
    }
    if (bandLabel != null) {
      w.open("span", "key").open("i", "sw band").close().text(bandLabel).close();
    }
    if (yScaleIsLog()) {
      w.element("span", "note", "log scale");
    }
    w.close();
  }

  private boolean yScaleIsLog() {
    return yAxis().isLog();
  }

  private Axis xAxis() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.xs()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double[] r = Plot.xRange(Plot.WIDTH);
    if (min > max) {
      return Axis.linear(0, 1, r[0], r[1]);
    }
    return Axis.linear(min, max, r[0], r[1]);
  }

  private Axis yAxis() {
    List<Double> all = new ArrayList<>();
    for (Series s : series) {
      for (double v : s.ys()) {
        all.add(v);
      }
    }
    double[] values = all.stream().mapToDouble(Double::doubleValue).toArray();
    double[] r = Plot.yRange(Plot.HEIGHT);
    if (scale == YScale.LOG) {
      double low = Double.isNaN(bandLow) ? Double.POSITIVE_INFINITY : bandLow;
      double high = Double.isNaN(bandHigh) ? Double.NEGATIVE_INFINITY : bandHigh;
      boolean anyPositive = false;
      for (double v : values) {
        anyPositive |= Double.isFinite(v) && v > 0;
      }
      if (!anyPositive && Double.isNaN(bandLow)) {
        return Axis.linear(0, 1, r[0], r[1]);
      }
      return Axis.fitLog(values, low, high, r[0], r[1]);
    }
    return Axis.fit(values, r[0], r[1], true);
  }
}
