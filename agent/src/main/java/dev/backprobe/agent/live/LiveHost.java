package dev.backprobe.agent.live;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.repl.Session;
import dev.backprobe.trace.Trace;
import java.nio.file.Path;
import java.util.List;

/**
 * What the agent's runtime offers the live REPL. Every method runs on the training thread while it
 * is held, so that the model is not moving under it.
 */
public interface LiveHost {

  /** Everything recorded so far. */
  Trace trace();

  /** The ranked findings of the rules over a trace. */
  List<Finding> findings(Trace trace);

  /**
   * Reruns the held step on a snapshot and checks its update against the numeric gradient now.
   *
   * @throws IllegalStateException with the reason when it cannot
   */
  List<GradientCheck> gradcheck(String tensor, boolean full, Session.Progress progress);

  /** Writes the HTML report (with the trace and findings files) and returns the report's path. */
  Path writeReport(Trace trace, List<Finding> findings);
}
