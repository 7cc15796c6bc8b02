package dev.backprobe.report.page;

import dev.backprobe.findings.Finding;
import dev.backprobe.report.html.HtmlWriter;
import java.util.List;

/**
 * Every finding in rank order: rule and severity, the step, the subject linked to the tensor or
 * check it is about, the location, the message, the hint and the evidence as a small table.
 */
final class FindingsSection {

  private FindingsSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "findings", "Findings");
    List<Finding> findings = ctx.findings();
    if (findings.isEmpty()) {
      Fragments.missing(
          w,
          ctx.document() == null
              ? "No findings document was given, so no rule results can be shown."
              : "No rule found anything wrong in this run.");
    }
    for (int i = 0; i < findings.size(); i++) {
      finding(w, ctx, findings.get(i), i);
    }
    w.close();
  }

  private static void finding(HtmlWriter w, ReportContext ctx, Finding f, int i) {
    String sev = Fragments.severityName(f.severity());
    w.open("article", "finding sev-border-" + sev).attr("id", Anchors.findingId(i));
    w.open("header", "finding-head");
    Fragments.severity(w, f.severity());
    w.element("code", "rule", f.rule() == null ? "?" : f.rule());
    String title = RuleText.title(f.rule());
    if (title != null) {
      w.element("span", "rule-title", title);
    }
    w.close();
    w.open("dl", "facts");
    if (f.subject() != null) {
      w.element("dt", "subject");
      w.open("dd");
      Fragments.link(w, ctx.anchors().target(f), f.subject());
      w.close();
    }
    if (f.location() != null) {
      w.element("dt", "where");
      w.open("dd");
      Fragments.location(w, f.location());
      if (f.location().method() != null && f.location().file() != null) {
        w.text(" in ").element("code", f.location().method());
      }
      w.close();
    }
    if (f.step() != null) {
      w.element("dt", "step");
      w.element("dd", String.valueOf(f.step()));
    }
    w.close();
    w.element("p", "message", Fragments.sentence(f));
    if (f.hint() != null && !f.hint().isBlank()) {
      w.open("p", "hint").element("strong", "Hint: ").text(f.hint()).close();
    }
    Fragments.evidence(w, f.evidence());
    w.close();
  }
}
