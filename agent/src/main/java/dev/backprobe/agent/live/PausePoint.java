package dev.backprobe.agent.live;

import dev.backprobe.findings.Finding;
import dev.backprobe.trace.Trace;
import java.util.List;

/**
 * The training thread held before step call {@code step}, with what had been recorded by then.
 *
 * @param step the step call that has not run yet
 * @param trace everything recorded before it
 * @param findings the rules' findings over that trace
 */
record PausePoint(int step, Trace trace, List<Finding> findings) {}
