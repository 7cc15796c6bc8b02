package dev.backprobe.repl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The Backprobe REPL: reads commands from an injected JLine {@link Terminal} and runs them against
 * a {@link Session}. Ctrl-C abandons the line being typed, Ctrl-D (or end of input) quits, and a
 * command that fails prints one line and the loop goes on.
 */
public final class Repl {

  private final Terminal terminal;
  private final ReplOptions options;
  private final ReplContext context;

  public Repl(Terminal terminal, Session session, ReplOptions options) {
    this.terminal = terminal;
    this.options = options;
    this.context = new ReplContext(session, terminal.writer(), commands());
  }

  /** Every command, in the order {@code help} lists them. */
  static List<Command> commands() {
    List<Command> commands = new ArrayList<>();
    commands.add(new HelpCommand());
    commands.add(new TensorsCommand());
    commands.add(new ShowCommand());
    commands.add(new StatsCommand());
    commands.add(new HistCommand());
    commands.add(new UnitsCommand());
    commands.add(new DiffCommand());
    commands.add(new FindingsCommand());
    commands.add(new ExplainCommand());
    commands.add(new LossCommand());
    commands.add(new ProbeCommand());
    commands.add(new AtCommand());
    commands.addAll(LiveCommands.all());
    return commands;
  }

  /** Runs the loop until {@code quit}, {@code continue} (live), Ctrl-D or the end of input. */
  public void run() {
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("backprobe")
            .completer(new ReplCompleter(context))
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    if (options.historyFile() != null) {
      builder.variable(LineReader.HISTORY_FILE, options.historyFile());
    }
    LineReader reader = builder.build();
    banner();
    while (true) {
      String line;
      try {
        line = reader.readLine(options.prompt());
      } catch (UserInterruptException e) {
        context.println("(line dropped; `quit` or Ctrl-D leaves)");
        continue;
      } catch (EndOfFileException e) {
        execute("quit");
        break;
      }
      if (execute(line) == Command.Outcome.LEAVE) {
        break;
      }
    }
    context.flush();
  }

  private void banner() {
    Session session = context.session();
    context.println(
        "Backprobe REPL on a " + session.describe() + ": " + context.steps().size()
            + " captured steps, " + session.findings().size() + " findings. Type help.");
    context.flush();
  }

  /** Runs one command line; never throws. */
  Command.Outcome execute(String line) {
    List<String> words = words(line);
    if (words.isEmpty()) {
      return Command.Outcome.STAY;
    }
    Command command = context.commands().get(words.get(0));
    try {
      if (command == null) {
        throw new CommandException(HelpCommand.unknown(words.get(0), context));
      }
      return command.run(words.subList(1, words.size()), context);
    } catch (CommandException e) {
      context.println(e.getMessage());
    } catch (RuntimeException e) {
      // a defect in a command or in the data must not end the session: one line, then go on
      context.println(
          words.get(0) + " failed: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      context.flush();
    }
    return Command.Outcome.STAY;
  }

  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    for (String w : line.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }
}
