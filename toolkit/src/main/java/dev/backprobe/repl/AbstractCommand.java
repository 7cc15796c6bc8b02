package dev.backprobe.repl;

import java.util.List;

/** The plain data of a command, so that each command class holds only its run. */
abstract class AbstractCommand implements Command {

  private final String name;
  private final String summary;
  private final String usage;
  private final Argument argument;

  AbstractCommand(String name, String summary, String usage, Argument argument) {
    this.name = name;
    this.summary = summary;
    this.usage = usage;
    this.argument = argument;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public String usage() {
    return usage;
  }

  @Override
  public Argument argument() {
    return argument;
  }

  /** The argument at {@code index}, or a usage error. */
  String required(List<String> args, int index) {
    if (args.size() <= index) {
      throw new CommandException("usage: " + usage);
    }
    return args.get(index);
  }

  /** A whole number argument, or a usage error. */
  int integer(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new CommandException("expected a whole number, got " + text + "; usage: " + usage);
    }
  }
}
