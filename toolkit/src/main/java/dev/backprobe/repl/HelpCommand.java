package dev.backprobe.repl;

import java.util.ArrayList;
import java.util.List;

/** {@code help [NAME]}: the commands, or one command's usage. */
final class HelpCommand extends AbstractCommand {

  HelpCommand() {
    super("help", "list commands, or explain one", "help [NAME]", Argument.COMMAND);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    if (args.isEmpty()) {
      for (Command c : context.commands().values()) {
        context.println("  " + Text.pad(c.name(), 11) + c.summary(), 13);
      }
      context.println("`help NAME` for a command's usage; Tab completes; Ctrl-D leaves.");
      return Outcome.STAY;
    }
    Command c = context.commands().get(args.get(0));
    if (c == null) {
      throw new CommandException(unknown(args.get(0), context));
    }
    context.println("usage: " + c.usage(), 7);
    context.println("  " + c.summary());
    return Outcome.STAY;
  }

  static String unknown(String name, ReplContext context) {
    List<String> names = new ArrayList<>(context.commands().keySet());
    return "unknown command " + name + "; did you mean " + Text.closest(name, names) + "? (type help)";
  }
}
