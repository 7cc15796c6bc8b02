package dev.backprobe.repl;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.nio.file.Path;
import java.util.List;

/**
 * A session over a saved {@code trace.json} and {@code findings.json}: everything the trace kept can
 * be inspected; running the trainer (gradcheck, step, continue, report) is refused with the reason.
 */
public final class OfflineSession implements Session {

  private final Trace trace;
  private final List<Finding> findings;
  private final String source;

  /**
   * @param trace the saved trace
   * @param findings its findings, ranked
   * @param source where it was read from, for messages (a folder)
   */
  public OfflineSession(Trace trace, List<Finding> findings, String source) {
    this.trace = trace;
    this.findings = List.copyOf(findings);
    this.source = source;
  }

  @Override
  public Trace trace() {
    return trace;
  }

  @Override
  public List<Finding> findings() {
    return findings;
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public String describe() {
    return "saved trace in " + source;
  }

  @Override
  public List<GradientCheck> gradcheck(String tensor, boolean full, Progress progress) {
    throw unavailable(
        "gradcheck", "it evaluates the loss now; `diff NAME` shows the check saved at this step");
  }

  @Override
  public StepTrace step() {
    throw unavailable("step", "there is no trainer to run; `at N` shows another captured step");
  }

  @Override
  public void resume() {
    throw unavailable("continue", "there is no trainer to run; `quit` leaves");
  }

  @Override
  public void detach() {
    // nothing to detach from: quitting an offline session just leaves the REPL
  }

  @Override
  public Path writeReport() {
    throw unavailable(
        "report",
        "run `java -jar backprobe-agent.jar report " + source + "` to render this trace");
  }

  private CommandException unavailable(String command, String hint) {
    return new CommandException(
        command
            + " needs a paused trainer, and this is a "
            + describe()
            + ": "
            + hint
            + " (start the trainer with -javaagent:backprobe-agent.jar=repl=N to pause it live)");
  }
}
