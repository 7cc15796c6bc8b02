package dev.backprobe.report;

import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.report.ReportInputs.ReportInputException;
import dev.backprobe.trace.Trace;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backprobe report}: re-renders {@code report.html} from a saved trace and findings.
 *
 * <pre>
 * report DIR [--source DIR]...           reads DIR/trace.json and DIR/findings.json, writes DIR/report.html
 * report --trace FILE [--findings FILE] -o OUT [--source DIR]...
 * </pre>
 *
 * <p>Exit codes: 0 written, 1 an input could not be read or the page not written, 2 bad arguments.
 * Every failure is one line on {@code err}, never a stack trace.
 */
public final class ReportCommand {

  public static final String USAGE =
      String.join(
          "\n",
          "usage: report DIR [--source DIR]...",
          "       report --trace FILE [--findings FILE] -o OUT [--source DIR]...",
          "",
          "Renders a saved run to one self-contained HTML page.",
          "  DIR              a report folder: reads DIR/trace.json and DIR/findings.json,",
          "                   writes DIR/report.html (or -o OUT)",
          "  --trace FILE     the trace (trace.json)",
          "  --findings FILE  the findings (findings.json); without it the page shows no findings",
          "  -o, --out FILE   the page to write",
          "  --source DIR     where the trainer's sources are (repeatable, or a "
              + File.pathSeparator + "-separated list);",
          "                   also searched: src/main/java next to the class path's folders",
          "  -h, --help       this text");

  private static final int OK = 0;
  private static final int FAILED = 1;
  private static final int BAD_ARGUMENTS = 2;

  private ReportCommand() {}

  /** Runs the command; {@code args} exclude the word {@code report} itself. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("backprobe report: " + e.getMessage() + " (try --help)");
      return BAD_ARGUMENTS;
    }
    if (a.help) {
      out.println(USAGE);
      return OK;
    }
    try {
      Trace trace = ReportInputs.readTrace(a.trace);
      FindingsDocument findings = a.findings == null ? null : ReportInputs.readFindings(a.findings);
      ReportOptions options = ReportOptions.defaults().withSourceRoots(a.sources);
      Path written = HtmlReport.write(trace, findings, options, a.out);
      ConsoleSummary summary =
          out == System.out ? ConsoleSummary.forTerminal() : new ConsoleSummary(false);
      summary.print(findings, written, out);
      return OK;
    } catch (ReportInputException e) {
      err.println("backprobe report: " + e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println("backprobe report: cannot write " + a.out + ": " + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      // a bug in rendering must still not put a stack trace in front of the user
      err.println("backprobe report: rendering failed: " + e);
      return FAILED;
    }
  }

  /** The parsed command line. */
  private static final class Arguments {
    boolean help;
    Path trace;
    Path findings;
    Path out;
    final List<Path> sources = new ArrayList<>();

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      Path dir = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-h", "--help" -> a.help = true;
          case "--trace" -> a.trace = path(value(args, ++i, arg));
          case "--findings" -> a.findings = path(value(args, ++i, arg));
          case "-o", "--out" -> a.out = path(value(args, ++i, arg));
          case "--source", "--sources" -> {
            for (String s : value(args, ++i, arg).split(File.pathSeparator)) {
              if (!s.isBlank()) {
                a.sources.add(path(s));
              }
            }
          }
          default -> {
            if (arg.startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + arg);
            }
            if (dir != null) {
              throw new IllegalArgumentException("one report folder expected, got " + dir + " and "
                  + arg);
            }
            dir = path(arg);
          }
        }
      }
      if (a.help) {
        return a;
      }
      if (dir != null) {
        if (a.trace != null || a.findings != null) {
          throw new IllegalArgumentException("give either a report folder or --trace/--findings");
        }
        a.trace = dir.resolve("trace.json");
        a.findings = dir.resolve("findings.json");
        a.out = a.out == null ? dir.resolve(HtmlReport.FILE_NAME) : a.out;
      }
      if (a.trace == null) {
        throw new IllegalArgumentException("no input: give a report folder or --trace FILE");
      }
      if (a.out == null) {
        throw new IllegalArgumentException("no output: give -o OUT");
      }
      return a;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("-") && args[i].length() > 1) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static Path path(String s) {
      try {
        return Path.of(s);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a path: " + s);
      }
    }
  }
}
