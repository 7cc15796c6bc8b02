package dev.backprobe.report.page;

import dev.backprobe.report.chart.LineChart;
import dev.backprobe.report.chart.Series;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.StepTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss over steps: every recorded value (or the captured steps' losses when only those are
 * known), on a log scale when it spans decades; NaN and infinite losses are marked.
 */
final class LossSection {

  private LossSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "loss", "Loss");
    Series series = series(ctx.index());
    if (series.size() == 0) {
      Fragments.missing(w, "No loss values were recorded, so there is no loss curve.");
      w.close();
      return;
    }
    long bad = 0;
    double first = Double.NaN;
    double last = Double.NaN;
    for (double v : series.ys()) {
      if (!Double.isFinite(v)) {
        bad++;
      } else {
        first = Double.isNaN(first) ? v : first;
        last = v;
      }
    }
    LineChart chart = new LineChart("Loss over training steps", "step", "loss").add(series);
    chart.write(w);
    StringBuilder b = new StringBuilder();
    b.append(Format.count(series.size(), "value")).append(" from step ")
        .append((long) series.xs()[0]).append(" to ").append((long) series.xs()[series.size() - 1]);
    if (!Double.isNaN(first)) {
      b.append("; first ").append(Format.number(first, 4)).append(", last ")
          .append(Format.number(last, 4));
    }
    if (bad > 0) {
      b.append("; ").append(bad).append(" NaN or infinite (marked in red)");
    }
    w.element("p", "caption", b.append('.').toString());
    w.close();
  }

  static Series series(TraceIndex index) {
    List<double[]> points = new ArrayList<>();
    if (!index.losses().isEmpty()) {
      for (LossPoint p : index.losses()) {
        points.add(new double[] {p.step(), p.loss()});
      }
    } else {
      for (StepTrace s : index.steps()) {
        if (s.loss() != null) {
          points.add(new double[] {s.step(), s.loss()});
        }
      }
    }
    double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
    return new Series("loss", xs, ys);
  }
}
