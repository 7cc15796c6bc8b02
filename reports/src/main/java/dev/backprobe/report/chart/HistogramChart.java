package dev.backprobe.report.chart;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.report.page.Format;
import dev.backprobe.tensor.Histogram;

/**
 * A small histogram of one tensor at one step, for a grid of small multiples: bars scaled to the
 * tallest bin, the value range written under them.
 */
public final class HistogramChart {

  public static final double WIDTH = 180;

  public static final double HEIGHT = 84;

  private static final double PAD = 4;
  private static final double LABELS = 14;

  private HistogramChart() {}

  /** Writes the histogram, or an empty frame saying so when there are no finite values. */
  public static void write(HtmlWriter w, Histogram h, String label) {
    Svg.open(w, WIDTH, HEIGHT, label);
    double bottom = HEIGHT - LABELS;
    Svg.line(w, PAD, bottom, WIDTH - PAD, bottom, "ax");
    long peak = 0;
    long total = 0;
    if (h != null && h.counts() != null) {
      for (long c : h.counts()) {
        peak = Math.max(peak, c);
        total += c;
      }
    }
    if (peak == 0) {
      Svg.text(w, WIDTH / 2, bottom / 2, "middle", "tl", "no finite values");
      w.close();
      return;
    }
    double barWidth = (WIDTH - 2 * PAD) / h.bins();
    double usable = bottom - PAD;
    for (int i = 0; i < h.bins(); i++) {
      long c = h.counts()[i];
      if (c == 0) {
        continue;
      }
      // at least one pixel so that a lone value in an outlying bin still shows
      double height = Math.max(1, usable * c / peak);
      Svg.rect(w, PAD + i * barWidth, bottom - height, barWidth - 0.5, height, "bar");
    }
    Svg.text(w, PAD, HEIGHT - 3, "start", "tl", Format.number(h.low()));
    Svg.text(w, WIDTH - PAD, HEIGHT - 3, "end", "tl", Format.number(h.high()));
    Svg.text(w, WIDTH / 2, HEIGHT - 3, "middle", "tl", "n=" + total);
    w.close();
  }
}
