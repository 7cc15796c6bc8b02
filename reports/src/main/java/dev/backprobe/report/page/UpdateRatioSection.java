package dev.backprobe.report.page;

import dev.backprobe.report.chart.LineChart;
import dev.backprobe.report.chart.Series;
import dev.backprobe.report.html.HtmlWriter;
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
   * The healthy range shaded on the chart. CS231n ("Neural Networks Part 3", ratio of
   * weights:updates) puts a healthy update/weight ratio around 1e-3; an order of magnitude either
   * way is still commonly fine, far outside it training is too slow or unstable.
   */
  static final double HEALTHY_LOW = 1e-4;

  static final double HEALTHY_HIGH = 1e-2;

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
