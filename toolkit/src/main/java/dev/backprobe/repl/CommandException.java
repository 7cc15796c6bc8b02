package dev.backprobe.repl;

/**
 * A command could not do what was asked (unknown name, missing value, nothing live to drive). Its
 * message is one line for the user; the REPL prints it and goes on.
 */
public class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandException(String message) {
    super(message);
  }
}
