package dev.backprobe.findings;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.Trace;
import java.util.List;

/**
 * The content of {@code findings.json} (DESIGN.md, "Agent contract"). Findings are ranked: the most
 * likely root cause comes first.
 */
public record FindingsDocument(
    @JsonProperty(required = true) String tool,
    String version,
    Target target,
    int steps,
    List<Integer> capturedSteps,
    @JsonProperty(required = true) List<Finding> findings) {

  public static final String TOOL = "backprobe";

  /**
   * The document for a trace and its (already ranked) findings: version, target, step count and
   * captured steps come from the trace's run information.
   */
  public static FindingsDocument of(Trace trace, List<Finding> findings) {
    RunInfo run = trace.run();
    if (run == null) {
      return new FindingsDocument(TOOL, null, null, 0, capturedSteps(trace), List.copyOf(findings));
    }
    Target target = new Target(run.main(), run.include(), run.step(), run.loss());
    List<Integer> captured = run.capturedSteps() != null ? run.capturedSteps() : capturedSteps(trace);
    return new FindingsDocument(
        TOOL, run.version(), target, run.steps(), captured, List.copyOf(findings));
  }

  private static List<Integer> capturedSteps(Trace trace) {
    return trace.steps() == null
        ? List.of()
        : trace.steps().stream().map(s -> s.step()).toList();
  }
}
