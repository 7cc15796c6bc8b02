package dev.backprobe.repl;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.trace.FileFormatException;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * {@code repl DIR [--history FILE | --no-history]}: opens the REPL over the {@code trace.json} and
 * {@code findings.json} the agent wrote into DIR. Exit codes: 0 done, 1 unreadable files, 2 usage.
 */
public final class ReplCommand {

  static final String USAGE = "usage: repl DIR [--history FILE | --no-history]";

  private ReplCommand() {}

  /** The CLI entry: the system console when there is one, else a dumb terminal on stdin/out. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, null, out, err);
  }

  /**
   * Runs with the given input (a dumb terminal over it), or the console when {@code in} is null.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Path dir = null;
    ReplOptions options = ReplOptions.defaults();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--no-history":
          options = ReplOptions.withoutHistory();
          break;
        case "--history":
          if (i + 1 >= args.length) {
            err.println("backprobe repl: --history needs a FILE; " + USAGE);
            return 2;
          }
          options = new ReplOptions(Path.of(args[++i]), ReplOptions.DEFAULT_PROMPT);
          break;
        default:
          if (args[i].startsWith("-") || dir != null) {
            err.println("backprobe repl: unexpected argument " + args[i] + "; " + USAGE);
            return 2;
          }
          dir = Path.of(args[i]);
      }
    }
    if (dir == null) {
      err.println("backprobe repl: no DIR given; " + USAGE);
      return 2;
    }
    Session session;
    try {
      session = load(dir, out);
    } catch (FileFormatException e) {
      err.println("backprobe repl: " + e.getMessage());
      return 1;
    }
    try (Terminal terminal = terminal(in, out)) {
      new Repl(terminal, session, options).run();
    } catch (IOException e) {
      err.println("backprobe repl: cannot open the terminal: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** Reads DIR's trace and findings; without findings.json, evaluates the rules on the trace. */
  static OfflineSession load(Path dir, PrintStream out) throws FileFormatException {
    Trace trace = TraceIO.read(dir.resolve(TraceIO.FILE_NAME));
    Path findingsFile = dir.resolve(FindingsIO.FILE_NAME);
    List<Finding> findings;
    if (Files.exists(findingsFile)) {
      findings = FindingsIO.read(findingsFile).findings();
    } else {
      out.println(FindingsIO.FILE_NAME + " not found: evaluating the rules on the trace");
      findings = new RulesEngine().evaluate(trace);
    }
    return new OfflineSession(trace, findings == null ? new ArrayList<>() : findings, dir.toString());
  }

  private static Terminal terminal(InputStream in, PrintStream out) throws IOException {
    if (in == null && System.console() != null && out == System.out) {
      return TerminalBuilder.builder().system(true).build();
    }
    return dumbTerminal(in == null ? System.in : in, out);
  }

  /**
   * A terminal over plain streams (piped or scripted input), with Ctrl-C and Ctrl-D behaving as on
   * a console.
   */
  public static Terminal dumbTerminal(InputStream in, PrintStream out) throws IOException {
    // A DumbTerminal directly: TerminalBuilder with streams builds a pseudo-terminal when a pty
    // provider is present, which echoes and pumps output on its own thread.
    DumbTerminal terminal =
        new DumbTerminal(
            "backprobe",
            Terminal.TYPE_DUMB,
            new BlockingInput(in),
            out,
            StandardCharsets.UTF_8);
    // Ctrl-C interrupts the line and Ctrl-D on an empty line ends input, as on a real console.
    Attributes attributes = terminal.getAttributes();
    attributes.setLocalFlag(Attributes.LocalFlag.ISIG, true);
    attributes.setControlChar(Attributes.ControlChar.VINTR, 3);
    attributes.setControlChar(Attributes.ControlChar.VEOF, 4);
    // With ISIG on, the dumb terminal compares every byte read with these; left at their default
    // −1 they match end of input and it loops forever, so give them the usual termios values.
    attributes.setControlChar(Attributes.ControlChar.VQUIT, 28);
    attributes.setControlChar(Attributes.ControlChar.VSUSP, 26);
    attributes.setControlChar(Attributes.ControlChar.VSTATUS, 20);
    terminal.setAttributes(attributes);
    return terminal;
  }
}
