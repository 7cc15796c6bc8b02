package dev.backprobe.findings;

import java.util.List;

/**
 * The content of {@code findings.json} (DESIGN.md, "Agent contract"). Findings are ranked: the most
 * likely root cause comes first.
 */
public record FindingsDocument(
    String tool,
    String version,
    Target target,
    int steps,
    List<Integer> capturedSteps,
    List<Finding> findings) {

  public static final String TOOL = "backprobe";
}
