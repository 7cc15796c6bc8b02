package dev.backprobe.repl;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.nio.file.Path;
import java.util.List;

/**
 * What the REPL inspects and drives: a saved trace ({@link OfflineSession}) or a trainer paused by
 * the agent (a live session the agent's runtime provides). Inspection works on both; the operations
 * that need a running trainer throw {@link CommandException} with the reason when there is none.
 */
public interface Session {

  /** Everything seen so far (live: updated after each {@link #step()}). */
  Trace trace();

  /** The ranked findings so far. */
  List<Finding> findings();

  /** Whether a trainer is paused behind this session. */
  boolean live();

  /** One line for the banner: where the data comes from, e.g. "saved trace in out/". */
  String describe();

  /**
   * Checks the named parameter (or every parameter when {@code tensor} is null) against a numeric
   * gradient of the loss now; {@code full} forces a per-coordinate check on large tensors.
   */
  List<GradientCheck> gradcheck(String tensor, boolean full, Progress progress);

  /** Runs one more training step, pauses again, and returns what was captured in it. */
  StepTrace step();

  /** Lets training run on (pausing again at the next error when started with {@code repl=error}). */
  void resume();

  /** Detaches: training finishes without further pauses. */
  void detach();

  /** Writes the HTML report now and returns its path. */
  Path writeReport();

  /** Receives the progress of a long operation. */
  @FunctionalInterface
  interface Progress {
    void update(long done, long total);
  }
}
