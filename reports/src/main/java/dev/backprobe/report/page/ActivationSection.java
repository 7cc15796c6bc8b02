package dev.backprobe.report.page;

import dev.backprobe.report.chart.HeatMap;
import dev.backprobe.report.chart.HistogramChart;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.tensor.UnitActivity;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Activations: histograms as small multiples (one row per tensor, a few captured steps across),
 * and per-unit activity heat maps where dead and saturated units show.
 */
final class ActivationSection {

  /** Tensors given a row of histograms; the output and hidden layers of a deep MLP fit. */
  static final int MAX_HISTOGRAM_TENSORS = 8;

  /** Steps shown per tensor (first, last and evenly between): enough to see a drift. */
  static final int HISTOGRAM_STEPS = 5;

  /** Heat maps drawn at most. */
  static final int MAX_HEAT_MAPS = 6;

  private static final Set<TensorRole> ACTIVATIONS =
      Set.of(TensorRole.ACTIVATION, TensorRole.PRE_ACTIVATION, TensorRole.OUTPUT);

  private ActivationSection() {}

  static void writeHistograms(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "activations", "Activation histograms");
    TraceIndex index = ctx.index();
    int[] steps = index.stepNumbers();
    List<String> names = new ArrayList<>();
    for (String name : index.tensorNames()) {
      if (ACTIVATIONS.contains(index.role(name))
          && Arrays.stream(index.across(name))
              .anyMatch(t -> t != null && t.stats() != null && t.stats().histogram() != null)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      Fragments.missing(w, "No activation histograms were captured.");
      w.close();
      return;
    }
    for (String name : names.subList(0, Math.min(names.size(), MAX_HISTOGRAM_TENSORS))) {
      TensorTrace latest = index.latest(name);
      w.open("div", "multiples");
      w.open("h3");
      Fragments.link(w, ctx.anchors().tensorLink(name), name);
      w.text(" ").element("span", "meta", TensorSection.describe(latest));
      w.close();
      w.open("div", "row");
      TensorTrace[] across = index.across(name);
      List<Integer> seen = new ArrayList<>();
      for (int i = 0; i < steps.length; i++) {
        if (across[i] != null && across[i].stats() != null && across[i].stats().histogram() != null) {
          seen.add(i);
        }
      }
      for (int k : pick(seen.size(), HISTOGRAM_STEPS)) {
        int i = seen.get(k);
        w.open("figure", "small");
        HistogramChart.write(w, across[i].stats().histogram(), name + " at step " + steps[i]);
        w.element("figcaption", "step " + steps[i]);
        w.close();
      }
      w.close();
      w.close();
    }
    if (names.size() > MAX_HISTOGRAM_TENSORS) {
      Fragments.missing(w, (names.size() - MAX_HISTOGRAM_TENSORS) + " more activation tensors are not shown.");
    }
    w.close();
  }

  static void writeHeatMaps(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "units", "Unit activity");
    TraceIndex index = ctx.index();
    int[] steps = index.stepNumbers();
    List<String> names = new ArrayList<>();
    for (String name : index.tensorNames()) {
      if (Arrays.stream(index.across(name)).anyMatch(t -> t != null && t.units() != null
          && t.units().activeShare() != null)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      Fragments.missing(w, "No per-unit activity was captured (it needs a batch of activations).");
      w.close();
      return;
    }
    w.open("p", "caption legend");
    w.text("Rows: units; columns: captured steps. ");
    w.open("span", "key").open("i", "sw hd").close().text("dead (never active)").close();
    w.open("span", "key").open("i", "sw hs").close()
        .text("saturated (≥ " + Format.percent(HeatMap.SATURATED_SHARE) + " of the batch at an asymptote)")
        .close();
    w.open("span", "key").open("i", "sw h0").close().open("i", "sw h2").close()
        .open("i", "sw h4").close().text("active share, low → high").close();
    w.close();
    for (String name : names.subList(0, Math.min(names.size(), MAX_HEAT_MAPS))) {
      TensorTrace[] across = index.across(name);
      List<UnitActivity> activity = new ArrayList<>();
      for (TensorTrace t : across) {
        activity.add(t == null ? null : t.units());
      }
      w.open("figure", "fig");
      w.open("h3");
      Fragments.link(w, ctx.anchors().tensorLink(name), name);
      w.close();
      HeatMap.write(w, "Unit activity of " + name, steps, activity);
      w.element("figcaption", "caption", lastStepSummary(steps, activity));
      w.close();
    }
    if (names.size() > MAX_HEAT_MAPS) {
      Fragments.missing(w, (names.size() - MAX_HEAT_MAPS) + " more tensors are not shown.");
    }
    w.close();
  }

  /** "At step 20: 12 of 300 units dead, 3 saturated." */
  static String lastStepSummary(int[] steps, List<UnitActivity> activity) {
    for (int i = activity.size() - 1; i >= 0; i--) {
      UnitActivity a = activity.get(i);
      if (a == null || a.activeShare() == null) {
        continue;
      }
      int dead = 0;
      int saturated = 0;
      for (int u = 0; u < a.units(); u++) {
        dead += HeatMap.isDead(a, u) ? 1 : 0;
        saturated += !HeatMap.isDead(a, u) && HeatMap.isSaturated(a, u) ? 1 : 0;
      }
      return "At step " + steps[i] + ": " + dead + " of " + Format.count(a.units(), "unit")
          + " dead, " + saturated + " saturated.";
    }
    return "";
  }

  /** {@code k} indices out of {@code n}, first and last included, evenly spread. */
  static int[] pick(int n, int k) {
    int m = Math.min(n, k);
    int[] picked = new int[m];
    for (int i = 0; i < m; i++) {
      picked[i] = m == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (m - 1));
    }
    return picked;
  }
}
