package dev.backprobe.repl;

import java.util.List;

/** One REPL command: a name, a one-line summary, a usage line, what its argument names, and a run. */
public interface Command {

  /** What the REPL does after a command. */
  enum Outcome {
    /** Read the next command. */
    STAY,
    /** Leave the REPL (offline: end; live: the trainer runs on). */
    LEAVE
  }

  /** What the first argument names, for completion. */
  enum Argument {
    NONE,
    TENSOR,
    METHOD,
    RULE,
    COMMAND
  }

  String name();

  /** One line, under 60 characters. */
  String summary();

  /** e.g. {@code show NAME [ROWS COLS]}. */
  String usage();

  default Argument argument() {
    return Argument.NONE;
  }

  /**
   * Runs the command.
   *
   * @throws CommandException with a one-line message for the user
   */
  Outcome run(List<String> args, ReplContext context);
}
