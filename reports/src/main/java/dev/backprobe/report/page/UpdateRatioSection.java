package dev.backprobe.report.page;

import dev.backprobe.report.chart.LineChart;
import dev.backprobe.report.chart.Series;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.rules.Thresholds;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * The update/weight ratio ‖Δθ‖/‖θ‖ of each parameter tensor over the captured steps, on a log
 * scale, with the healthy range shaded.
 */
final class UpdateRatioSection {

  /**
   * The healthy range shaded on the chart: one decade either side of {@link
   * Thresholds#UPDATE_RATIO_HEALTHY} (CS231n's ≈1e-3). The rules only flag ratios three decades
   * away ({@code UPDATE_RATIO_TINY}, {@code UPDATE_RATIO_EXPLODING}); one decade is what the notes
   * call "around", so the band shows where a run should sit, not where it is flagged.
   */
  static final double HEALTHY_DECADES = 1;

  static final double HEALTHY_LOW =
      Thresholds.UPDATE_RATIO_HEALTHY.value() / Math.pow(10, HEALTHY_DECADES);

  static final double HEALTHY_HIGH =
      Thresholds.UPDATE_RATIO_HEALTHY.value() * Math.pow(10, HEALTHY_DECADES);

  /** Lines drawn at most; more parameter tensors would be an unreadable tangle. */
  static final int MAX_SERIES = 8;

  private UpdateRatioSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "updates", "Update/weight ratio");
    TraceIndex index = ctx.index();
    int[] steps = index.stepNumbers();
    List<Series> series = new ArrayList<>();
    int parameters = 0;
    for (String name : index.tensorNames()) {
      if (index.role(name) != TensorRole.PARAMETER) {
        continue;
      }
      TensorTrace[] across = index.across(name);
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < steps.length; i++) {
        if (across[i] != null && across[i].updateRatio() != null) {
          points.add(new double[] {steps[i], across[i].updateRatio()});
        }
      }
      if (!points.isEmpty()) {
        parameters++;
        if (series.size() < MAX_SERIES) {
          series.add(new Series(name,
              points.stream().mapToDouble(p -> p[0]).toArray(),
              points.stream().mapToDouble(p -> p[1]).toArray()));
        }
      }
    }
    if (series.isEmpty()) {
      Fragments.missing(w, "No parameter updates were recorded at the captured steps.");
      w.close();
      return;
    }
    LineChart chart = new LineChart("Update/weight ratio per parameter tensor", "step", "‖Δθ‖/‖θ‖")
        .scale(LineChart.YScale.LOG)
        .band(HEALTHY_LOW, HEALTHY_HIGH,
            "healthy " + Format.number(HEALTHY_LOW) + "…" + Format.number(HEALTHY_HIGH));
    series.forEach(chart::add);
    chart.write(w);
    String more = parameters > series.size()
        ? " " + (parameters - series.size()) + " more parameter tensors are not drawn." : "";
    w.element("p", "caption",
        "About 1e-3 is healthy (CS231n); far above, the weights are thrashed; far below, they barely "
            + "move. Ratios of 0 (no update) sit on the bottom edge." + more);
    w.close();
  }
}
