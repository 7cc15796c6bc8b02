package dev.backprobe.agent.live;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.repl.CommandException;
import dev.backprobe.repl.Session;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.nio.file.Path;
import java.util.List;

/**
 * The REPL's view of a trainer held by {@link LivePause}: what had been recorded when it stopped,
 * and the operations that need the trainer (numeric check, step, continue, report), which run on
 * the training thread.
 */
final class LiveSession implements Session {

  private final LivePause pause;
  private final LiveHost host;

  LiveSession(LivePause pause, LiveHost host) {
    this.pause = pause;
    this.host = host;
  }

  @Override
  public Trace trace() {
    return pause.current().trace();
  }

  @Override
  public List<Finding> findings() {
    return pause.current().findings();
  }

  @Override
  public boolean live() {
    return !pause.ended();
  }

  @Override
  public String describe() {
    PausePoint point = pause.current();
    String step = point.trace().run().step();
    return "trainer paused before step " + point.step() + (step == null ? "" : " of " + step);
  }

  @Override
  public List<GradientCheck> gradcheck(String tensor, boolean full, Progress progress) {
    return onTrainer("gradcheck", () -> host.gradcheck(tensor, full, progress));
  }

  @Override
  public StepTrace step() {
    int before = pause.current().step();
    PausePoint point = pause.step();
    if (point == null) {
      throw new CommandException("the trainer finished after step " + before + "; `quit` leaves");
    }
    List<StepTrace> steps = point.trace().steps();
    StepTrace last = steps == null || steps.isEmpty() ? null : steps.get(steps.size() - 1);
    if (last == null || last.step() < before) {
      // the step ran, but nothing of it could be captured (the recorder said why on stderr)
      return new StepTrace(point.step() - 1, null, List.of(), List.of(), List.of(), null);
    }
    return last;
  }

  @Override
  public void resume() {
    pause.resume(LivePause.Resume.CONTINUE);
  }

  @Override
  public void detach() {
    pause.resume(LivePause.Resume.DETACH);
  }

  @Override
  public Path writeReport() {
    PausePoint point = pause.current();
    return onTrainer("report", () -> host.writeReport(point.trace(), point.findings()));
  }

  /** Runs on the held training thread; what it cannot do becomes one line for the user. */
  private <T> T onTrainer(String command, java.util.function.Supplier<T> work) {
    if (pause.ended()) {
      throw new CommandException(command + ": the trainer has finished");
    }
    try {
      return pause.call(work);
    } catch (IllegalStateException e) {
      throw new CommandException(command + ": " + e.getMessage());
    }
  }
}
