package dev.backprobe.agent.live;

import dev.backprobe.repl.Session;

/** Opens the REPL over a live session, on a thread of its own. */
@FunctionalInterface
public interface ReplLauncher {

  /**
   * Starts the REPL on {@code session} and returns at once.
   *
   * @param closed to run on the REPL's thread when the REPL ends, however it ends
   */
  void open(Session session, Runnable closed);
}
