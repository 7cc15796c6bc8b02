package dev.backprobe.agent.live;

import dev.backprobe.agent.runtime.Problems;
import dev.backprobe.repl.Repl;
import dev.backprobe.repl.ReplOptions;
import dev.backprobe.repl.Session;
import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Opens the REPL on the JVM's console, on a daemon thread (so that a trainer which ends while the
 * REPL waits is not kept alive). The terminal is opened for each pause and closed when the REPL
 * leaves, so the console is back to its normal mode while training runs.
 */
public final class ConsoleLauncher implements ReplLauncher {

  /** The REPL thread's name, as thread dumps show it. */
  static final String THREAD_NAME = "backprobe-repl";

  private final Problems problems;
  private final ReplOptions options;

  public ConsoleLauncher(Problems problems, ReplOptions options) {
    this.problems = problems;
    this.options = options;
  }

  @Override
  public void open(Session session, Runnable closed) {
    Thread thread = new Thread(() -> run(session, closed), THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Session session, Runnable closed) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("backprobe").build()) {
      new Repl(terminal, session, options).run();
    } catch (IOException | RuntimeException | LinkageError e) {
      problems.report("repl", "the REPL could not run on the console; training goes on", e);
    } finally {
      closed.run();
    }
  }
}
