package dev.backprobe.report.chart;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.report.page.Format;

/**
 * One tensor's values across captured steps: the mean as a line, mean ± std as a dark band and
 * min…max as a light band. Steps where the tensor held NaN or infinities are marked in red.
 */
public final class BandChart {

  /** Size of one small multiple, in SVG units (two fit side by side in the page's column). */
  public static final double WIDTH = 320;

  public static final double HEIGHT = 160;

  private final String label;
  private final double[] steps;
  private final double[] mean;
  private final double[] std;
  private final double[] min;
  private final double[] max;
  private final long[] nonFinite;

  /**
   * @param nonFinite per step, how many values were NaN or infinite
   */
  public BandChart(
      String label,
      double[] steps,
      double[] mean,
      double[] std,
      double[] min,
      double[] max,
      long[] nonFinite) {
    this.label = label;
    this.steps = steps;
    this.mean = mean;
    this.std = std;
    this.min = min;
    this.max = max;
    this.nonFinite = nonFinite;
  }

  public void write(HtmlWriter w) {
    double[] xr = Plot.xRange(WIDTH);
    double[] yr = Plot.yRange(HEIGHT);
    Axis x = steps.length == 0 ? Axis.linear(0, 1, xr[0], xr[1])
        : Axis.linear(steps[0], steps[steps.length - 1], xr[0], xr[1]);
    double[] extent = new double[steps.length * 4];
    for (int i = 0; i < steps.length; i++) {
      extent[4 * i] = min[i];
      extent[4 * i + 1] = max[i];
      extent[4 * i + 2] = mean[i] - std[i];
      extent[4 * i + 3] = mean[i] + std[i];
    }
    Axis y = Axis.fit(extent, yr[0], yr[1], false);
    Plot plot = Plot.open(w, WIDTH, HEIGHT, x, y, label, "step", null);
    area(plot, min, max, "mm");
    double[] lo = new double[steps.length];
    double[] hi = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      lo[i] = mean[i] - std[i];
      hi[i] = mean[i] + std[i];
    }
    area(plot, lo, hi, "sd");
    PathData d = new PathData();
    for (int i = 0; i < steps.length; i++) {
      d.to(plot.px(steps[i]), Double.isFinite(mean[i]) ? plot.py(mean[i]) : Double.NaN);
    }
    Svg.path(w, d.toString(), "ln s0");
    for (int i = 0; i < steps.length; i++) {
      if (nonFinite[i] > 0 || !Double.isFinite(mean[i])) {
        plot.markUndrawable(
            steps[i],
            Double.NaN,
            "step " + (long) steps[i] + ": " + nonFinite[i] + " NaN/Inf values");
      } else {
        w.open("circle")
            .attr("cx", plot.px(steps[i]))
            .attr("cy", plot.py(mean[i]))
            .attr("r", 2)
            .attr("class", "pt s0");
        w.element(
            "title",
            "step " + (long) steps[i] + ": mean " + Format.number(mean[i]) + ", std "
                + Format.number(std[i]) + ", min " + Format.number(min[i]) + ", max "
                + Format.number(max[i]));
        w.close();
      }
    }
    plot.close();
  }

  /** Fills between two edges over every run of consecutive steps where both are finite. */
  private void area(Plot plot, double[] low, double[] high, String cls) {
    StringBuilder all = new StringBuilder();
    int i = 0;
    while (i < steps.length) {
      if (!Double.isFinite(low[i]) || !Double.isFinite(high[i])) {
        i++;
        continue;
      }
      int start = i;
      while (i < steps.length && Double.isFinite(low[i]) && Double.isFinite(high[i])) {
        i++;
      }
      PathData d = new PathData();
      for (int k = start; k < i; k++) {
        d.to(plot.px(steps[k]), plot.py(high[k]));
      }
      for (int k = i - 1; k >= start; k--) {
        d.to(plot.px(steps[k]), plot.py(low[k]));
      }
      if (i - start == 1) {
        // a single step: a thin vertical bar so the range still shows
        double px = plot.px(steps[start]);
        d = new PathData().move(px - 2, plot.py(high[start])).to(px + 2, plot.py(high[start]))
            .to(px + 2, plot.py(low[start])).to(px - 2, plot.py(low[start]));
      }
      all.append(d.closePath());
    }
    Svg.path(plot.writer(), all.toString(), cls);
  }
}
