package dev.backprobe.report.page;

import dev.backprobe.report.chart.BandChart;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One card per tensor (parameters first): what it is, its mean ± std and min/max band across the
 * captured steps, and its statistics at the last step it was seen.
 */
final class TensorSection {

  /** Cards drawn at most: a trainer that stores every temporary would otherwise bury the rest. */
  static final int MAX_CARDS = 40;

  private TensorSection() {}

  /** The tensors that get a card: those with statistics, parameters first, at most {@link #MAX_CARDS}. */
  static List<String> cardTensors(TraceIndex index) {
    List<String> names = new ArrayList<>();
    for (String name : index.tensorNames()) {
      if (Arrays.stream(index.across(name)).anyMatch(t -> t != null && t.stats() != null)) {
        names.add(name);
      }
    }
    return names.size() > MAX_CARDS ? names.subList(0, MAX_CARDS) : names;
  }

  static int tensorsWithStats(TraceIndex index) {
    int n = 0;
    for (String name : index.tensorNames()) {
      if (Arrays.stream(index.across(name)).anyMatch(t -> t != null && t.stats() != null)) {
        n++;
      }
    }
    return n;
  }

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "tensors", "Tensors across captured steps");
    List<String> cards = ctx.cardTensors();
    if (cards.isEmpty()) {
      Fragments.missing(w, "No tensor statistics were captured.");
      w.close();
      return;
    }
    w.element("p", "caption",
        "Line: mean; dark band: mean ± std; light band: min…max; red marks: NaN or infinite values.");
    w.open("div", "cards");
    for (String name : cards) {
      card(w, ctx, name);
    }
    w.close();
    int total = tensorsWithStats(ctx.index());
    if (total > cards.size()) {
      Fragments.missing(w, (total - cards.size()) + " more tensors are not shown.");
    }
    w.close();
  }

  private static void card(HtmlWriter w, ReportContext ctx, String name) {
    TraceIndex index = ctx.index();
    TensorTrace[] across = index.across(name);
    TensorTrace latest = index.latest(name);
    w.open("div", "card").attr("id", ctx.anchors().tensorId(name));
    w.element("h3", name);
    w.element("p", "meta", describe(latest));
    int[] steps = index.stepNumbers();
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      if (across[i] != null && across[i].stats() != null) {
        seen.add(i);
      }
    }
    int n = seen.size();
    double[] x = new double[n];
    double[] mean = new double[n];
    double[] std = new double[n];
    double[] min = new double[n];
    double[] max = new double[n];
    long[] bad = new long[n];
    for (int k = 0; k < n; k++) {
      int i = seen.get(k);
      TensorStats s = across[i].stats();
      x[k] = steps[i];
      mean[k] = s.mean();
      std[k] = s.std();
      min[k] = s.min();
      max[k] = s.max();
      bad[k] = s.nanCount() + s.infCount();
    }
    new BandChart(name + " across captured steps", x, mean, std, min, max, bad).write(w);
    TensorTrace last = across[seen.get(n - 1)];
    stats(w, last, steps[seen.get(n - 1)]);
    w.close();
  }

  static String describe(TensorTrace t) {
    List<String> parts = new ArrayList<>();
    if (t.role() != null) {
      parts.add(t.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    if (t.kind() != null) {
      parts.add(t.kind());
    }
    if (t.shape() != null) {
      parts.add(Arrays.stream(t.shape()).mapToObj(String::valueOf).collect(Collectors.joining("×")));
    }
    if (t.storage() != null) {
      parts.add(t.storage());
    }
    if (t.location() != null) {
      parts.add(t.location().shortForm());
    }
    return String.join(" · ", parts);
  }

  private static void stats(HtmlWriter w, TensorTrace t, int step) {
    TensorStats s = t.stats();
    w.open("table", "stats");
    w.element("caption", "at step " + step);
    w.open("tbody");
    row(w, "mean ± std", Format.number(s.mean()) + " ± " + Format.number(s.std()));
    row(w, "min … max", Format.number(s.min()) + " … " + Format.number(s.max()));
    row(w, "‖·‖₂", Format.number(s.l2Norm()));
    row(w, "zeros", Format.percent(s.zeroShare()));
    if (s.nanCount() + s.infCount() > 0) {
      row(w, "NaN / Inf", s.nanCount() + " / " + s.infCount());
    }
    if (t.updateRatio() != null) {
      row(w, "‖Δθ‖/‖θ‖", Format.number(t.updateRatio()));
    }
    AxisSums sums = t.axisSums();
    if (sums != null) {
      row(w, "row sums", Format.number(sums.rowSumMin()) + " … " + Format.number(sums.rowSumMax()));
      row(w, "column sums",
          Format.number(sums.columnSumMin()) + " … " + Format.number(sums.columnSumMax()));
      row(w, "total", Format.number(sums.total()));
    }
    w.close();
    w.close();
  }

  private static void row(HtmlWriter w, String key, String value) {
    w.open("tr").element("th", key).element("td", value).close();
  }
}
