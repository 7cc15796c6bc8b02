package dev.backprobe.report.page;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.StepTrace;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The run's facts: command line, JVM, options, which step and loss methods were used and why, the
 * captured steps, the time the agent took, and the problems it met and survived.
 */
final class RunSection {

  /** Captured steps listed before the list is shortened. */
  static final int MAX_LISTED_STEPS = 60;

  private RunSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "run", "Run");
    RunInfo run = ctx.index().run();
    if (run == null) {
      Fragments.missing(w, "The trace has no run information.");
      w.close();
      return;
    }
    w.open("dl", "run");
    fact(w, "main class", run.main(), true);
    fact(w, "command line", run.commandLine(), true);
    fact(w, "JVM", run.jvm(), false);
    fact(w, "Backprobe", run.version(), false);
    if (run.include() != null && !run.include().isEmpty()) {
      fact(w, "instrumented", String.join("; ", run.include()), true);
    }
    method(w, "step method", run.step(), run.stepReason());
    method(w, "loss method", run.loss(), run.lossReason());
    fact(w, "update model", run.updateModel(), false);
    fact(w, "steps run", String.valueOf(run.steps()), false);
    fact(w, "captured steps", capturedSteps(ctx, run), false);
    fact(w, "wall time", Format.duration(run.wallMillis()), false);
    String agent = Format.duration(run.agentMillis());
    if (run.wallMillis() > 0) {
      agent += " (" + Format.percent((double) run.agentMillis() / run.wallMillis()) + " of the run)";
    }
    fact(w, "agent time", agent, false);
    w.close();
    options(w, run.options());
    nanOrigins(w, ctx);
    List<String> problems = run.problems() == null ? List.of() : run.problems();
    w.element("h3", "Problems the agent met");
    if (problems.isEmpty()) {
      w.element("p", "caption", "None.");
    } else {
      w.open("ul", "problems");
      problems.forEach(p -> w.element("li", p));
      w.close();
    }
    w.close();
  }

  private static String capturedSteps(ReportContext ctx, RunInfo run) {
    List<Integer> steps = run.capturedSteps();
    if (steps == null || steps.isEmpty()) {
      int[] seen = ctx.index().stepNumbers();
      if (seen.length == 0) {
        return "none";
      }
      steps = java.util.Arrays.stream(seen).boxed().toList();
    }
    String listed = steps.stream().limit(MAX_LISTED_STEPS).map(String::valueOf)
        .collect(Collectors.joining(", "));
    return steps.size() > MAX_LISTED_STEPS
        ? listed + " … (" + steps.size() + " in all)" : listed;
  }

  private static void fact(HtmlWriter w, String key, String value, boolean code) {
    w.element("dt", key);
    if (value == null || value.isBlank()) {
      w.element("dd", "missing", "unknown");
    } else if (code) {
      w.open("dd").element("code", value).close();
    } else {
      w.element("dd", value);
    }
  }

  private static void method(HtmlWriter w, String key, String method, String reason) {
    w.element("dt", key);
    w.open("dd");
    if (method == null) {
      w.element("span", "missing", "not found");
    } else {
      w.element("code", method);
    }
    if (reason != null && !reason.isBlank()) {
      w.text(" — ").text(reason);
    }
    w.close();
  }

  private static void options(HtmlWriter w, Map<String, String> options) {
    if (options == null || options.isEmpty()) {
      return;
    }
    w.element("h3", "Agent options");
    w.open("table", "evidence").open("tbody");
    options.forEach((k, v) -> w.open("tr").element("th", k).open("td").element("code", v).close()
        .close());
    w.close().close();
  }

  private static void nanOrigins(HtmlWriter w, ReportContext ctx) {
    boolean any = false;
    for (StepTrace s : ctx.index().steps()) {
      NanOrigin o = s.nanOrigin();
      if (o == null) {
        continue;
      }
      if (!any) {
        w.element("h3", "First NaN or infinity");
        w.open("ul", "problems");
        any = true;
      }
      w.open("li").text("step " + s.step() + ": ");
      Fragments.link(w, o.tensor() == null ? null : ctx.anchors().cardLink(o.tensor()),
          o.tensor() == null ? "?" : o.tensor());
      w.text(" (" + o.nanCount() + " NaN, " + o.infCount() + " Inf)");
      if (o.location() != null) {
        w.text(" at ");
        Fragments.location(w, o.location());
      }
      w.close();
    }
    if (any) {
      w.close();
    }
  }
}
