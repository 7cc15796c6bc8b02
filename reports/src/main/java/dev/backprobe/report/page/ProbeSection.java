package dev.backprobe.report.page;

import dev.backprobe.probe.ProbeResult;
import dev.backprobe.report.html.HtmlWriter;
import java.util.Locale;

/** What probing learned about the trainer's pure methods: activations and derivative checks. */
final class ProbeSection {

  private ProbeSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "probes", "Probed functions");
    if (ctx.index().probes().isEmpty()) {
      Fragments.missing(w, "No pure methods were probed.");
      w.close();
      return;
    }
    w.open("div", "scroll");
    w.open("table", "checks");
    w.open("thead").open("tr");
    for (String h : new String[] {"method", "declared", "computes", "derivative of", "convention",
        "verdict", "called with", "max error", "detail"}) {
      w.element("th", h);
    }
    w.close().close();
    w.open("tbody");
    for (ProbeResult p : ctx.index().probes()) {
      boolean wrong = p.verdict() != null && !"CORRECT".equals(p.verdict().name());
      w.open("tr", wrong ? "v-err" : null).attr("id", p.method() == null ? null
          : ctx.anchors().probeId(p.method()));
      w.open("td").element("code", p.method()).close();
      w.open("td");
      Fragments.location(w, p.location());
      w.close();
      w.element("td", p.activation() == null ? "–" : p.activation().id());
      w.element("td", p.derivativeOf() == null ? "–" : p.derivativeOf().id());
      w.element("td", lower(p.convention()));
      w.element("td", "verdict", lower(p.verdict()));
      w.open("td").text(lower(p.calledWith()));
      if (p.callSite() != null) {
        w.text(" at ");
        Fragments.location(w, p.callSite());
      }
      w.close();
      w.element("td", "num", Format.number(p.maxError()));
      w.element("td", p.detail());
      w.close();
    }
    w.close();
    w.close();
    w.close();
    w.close();
  }

  private static String lower(Enum<?> e) {
    return e == null ? "–" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
