package dev.backprobe.report.page;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.report.source.SourceSnippet;
import dev.backprobe.trace.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The top of the page: errors and warnings counted, then the errors and warnings one sentence each
 * in rank order (the most likely root cause first) with {@code file:line} and the offending source
 * lines, and a note on whatever the trace is missing.
 */
final class VerdictSection {

  /** Errors and warnings listed in the verdict; the rest are in the findings section. */
  static final int MAX_ITEMS = 6;

  /** Items that get a source snippet: the root cause and the next two. */
  static final int MAX_SNIPPETS = 3;

  private VerdictSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    w.open("section", "verdict").attr("id", "verdict");
    long errors = ctx.count(Severity.ERROR);
    long warnings = ctx.count(Severity.WARNING);
    long infos = ctx.count(Severity.INFO);
    w.open("h2", "headline");
    if (errors + warnings == 0) {
      w.text("No errors or warnings");
    } else {
      w.open("span", errors > 0 ? "n-err" : "n-ok").text(Format.count(errors, "error")).close();
      w.text(", ");
      w.open("span", warnings > 0 ? "n-warn" : "n-ok").text(Format.count(warnings, "warning"))
          .close();
    }
    w.close();
    w.element("p", "sub", subline(ctx, infos));
    List<Finding> serious = new ArrayList<>();
    for (Finding f : ctx.findings()) {
      if (f.severity() == Severity.ERROR || f.severity() == Severity.WARNING) {
        serious.add(f);
      }
    }
    if (!serious.isEmpty()) {
      items(w, ctx, serious);
    }
    missingData(w, ctx);
    w.close();
  }

  private static String subline(ReportContext ctx, long infos) {
    TraceIndex index = ctx.index();
    long checks = index.checks().size();
    long agreeing = index.checks().stream().filter(c -> c.verdict() == CheckVerdict.AGREES).count();
    StringBuilder b = new StringBuilder();
    RunInfo run = index.run();
    if (run != null && run.steps() > 0) {
      b.append(Format.count(run.steps(), "step")).append(" run, ");
    }
    b.append(Format.count(index.steps().size(), "captured step"));
    if (checks > 0) {
      b.append(", ").append(agreeing).append(" of ").append(Format.count(checks, "gradient check"))
          .append(" agree");
    }
    if (infos > 0) {
      b.append(", ").append(Format.count(infos, "note"));
    }
    return b.append('.').toString();
  }

  private static void items(HtmlWriter w, ReportContext ctx, List<Finding> serious) {
    w.open("ol", "causes");
    int snippets = 0;
    for (int i = 0; i < serious.size() && i < MAX_ITEMS; i++) {
      Finding f = serious.get(i);
      int rank = ctx.findings().indexOf(f);
      w.open("li", i == 0 ? "cause root" : "cause");
      w.open("div", "cause-head");
      if (i == 0) {
        w.element("span", "tag", "most likely root cause");
      }
      Fragments.severity(w, f.severity());
      w.open("a").attr("href", "#" + Anchors.findingId(rank)).attr("class", "rule")
          .text(f.rule()).close();
      if (f.location() != null) {
        w.text(" at ");
        Fragments.location(w, f.location());
      }
      w.close();
      w.element("p", "sentence", Fragments.sentence(f));
      if (snippets < MAX_SNIPPETS && f.location() != null) {
        Optional<SourceSnippet> snippet = ctx.sources().snippet(f.location());
        if (snippet.isPresent()) {
          Fragments.snippet(w, snippet.get());
          snippets++;
        }
      }
      w.close();
    }
    w.close();
    if (serious.size() > MAX_ITEMS) {
      w.open("p", "more").text((serious.size() - MAX_ITEMS) + " more below, in ")
          .open("a").attr("href", "#findings").text("Findings").close().text(".").close();
    }
  }

  /** Says plainly what the trace lacks, so an empty page is not mistaken for a healthy run. */
  private static void missingData(HtmlWriter w, ReportContext ctx) {
    List<String> notes = missingNotes(ctx);
    if (notes.isEmpty()) {
      return;
    }
    w.open("div", "notice");
    w.element("strong", "Missing from this run: ");
    w.open("ul");
    notes.forEach(n -> w.element("li", n));
    w.close();
    w.close();
  }

  static List<String> missingNotes(ReportContext ctx) {
    TraceIndex index = ctx.index();
    List<String> notes = new ArrayList<>();
    RunInfo run = index.run();
    if (run == null) {
      notes.add("the trace has no run information (command line, step and loss methods).");
    } else {
      if (run.step() == null) {
        notes.add("no step method was found, so no step could be captured; give one with "
            + "step=Class#method.");
      }
      if (run.loss() == null) {
        notes.add("no loss method was found, so no update could be checked against the numeric "
            + "gradient; give one with loss=Class#method.");
      }
    }
    if (index.steps().isEmpty()) {
      notes.add("no captured steps: there are no tensor statistics or gradient checks.");
    } else if (index.checks().isEmpty()) {
      notes.add("no gradient checks were made at the captured steps.");
    }
    if (index.losses().isEmpty()) {
      notes.add("no loss values were recorded.");
    } else if (index.losses().stream().noneMatch(l -> Double.isFinite(l.loss()))) {
      notes.add("every recorded loss is NaN or infinite.");
    }
    if (ctx.document() == null) {
      notes.add("no findings document: the rules were not run on this trace.");
    }
    return notes;
  }
}
