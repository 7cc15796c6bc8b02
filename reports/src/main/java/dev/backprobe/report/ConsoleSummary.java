package dev.backprobe.report;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.Severity;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The few lines printed at the end of a run: errors and warnings counted, the top findings with
 * {@code file:line}, and where the report is. ANSI colour only on a terminal, and never when {@code
 * NO_COLOR} is set (https://no-color.org).
 *
 * <pre>
 * backprobe: 2 errors, 1 warning (2000 steps, 12 captured)
 *   error    gradient-sign  Net.java:42  the update of w2 climbs the loss: cos = -1.00
 *   warning  saturation     Net.java:30  97% of the units of a1 sit at an asymptote
 * report: /home/me/run/backprobe-report/report.html
 * </pre>
 */
public final class ConsoleSummary {

  /** Findings listed; the report has the rest. */
  public static final int TOP = 5;

  /** Messages are cut at this length so each finding stays on one line of a wide terminal. */
  static final int MAX_MESSAGE = 110;

  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final Map<Severity, String> COLOURS =
      Map.of(Severity.ERROR, "\u001b[1;31m", Severity.WARNING, "\u001b[33m", Severity.INFO,
          "\u001b[36m");

  private final boolean colour;

  /** A summary with or without ANSI colour (tests choose; programs use {@link #forTerminal()}). */
  public ConsoleSummary(boolean colour) {
    this.colour = colour;
  }

  /** Colour when standard output is a terminal and {@code NO_COLOR} is not set. */
  public static ConsoleSummary forTerminal() {
    return new ConsoleSummary(colourWanted(System.console(), System.getenv()));
  }

  /** Whether to colour, given the console ({@code null} when not interactive) and environment. */
  static boolean colourWanted(Console console, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return console != null && isTerminal(console);
  }

  /**
   * From JDK 22 {@link System#console()} is non-null even when output is redirected; its {@code
   * isTerminal()} (absent before 22, hence reflection) tells the truth there.
   */
  private static boolean isTerminal(Console console) {
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // before JDK 22 a console exists only on a terminal
    }
  }

  public boolean colour() {
    return colour;
  }

  /** Prints the summary. */
  public void print(FindingsDocument findings, Path report, PrintStream out) {
    out.print(render(findings, report));
    out.flush();
  }

  /** The summary as text, lines ending in {@code \n}. */
  public String render(FindingsDocument document, Path report) {
    StringBuilder b = new StringBuilder();
    List<Finding> findings =
        document == null || document.findings() == null
            ? List.of()
            : document.findings().stream().filter(Objects::nonNull).toList();
    long errors = count(findings, Severity.ERROR);
    long warnings = count(findings, Severity.WARNING);
    long infos = count(findings, Severity.INFO);
    b.append(style(BOLD, "backprobe:")).append(' ');
    if (document == null) {
      b.append("no findings (the rules did not run)");
    } else if (errors + warnings == 0) {
      b.append(style(COLOURS.get(Severity.INFO), "no errors or warnings"));
    } else {
      b.append(style(errors > 0 ? COLOURS.get(Severity.ERROR) : "", plural(errors, "error")))
          .append(", ")
          .append(style(warnings > 0 ? COLOURS.get(Severity.WARNING) : "",
              plural(warnings, "warning")));
    }
    if (infos > 0) {
      b.append(", ").append(plural(infos, "note"));
    }
    if (document != null) {
      int captured = document.capturedSteps() == null ? 0 : document.capturedSteps().size();
      b.append(" (").append(plural(document.steps(), "step")).append(", ").append(captured)
          .append(" captured)");
    }
    b.append('\n');
    lines(b, findings);
    if (report != null) {
      b.append("report: ").append(report.toAbsolutePath()).append('\n');
    }
    return b.toString();
  }

  private void lines(StringBuilder b, List<Finding> findings) {
    int ruleWidth = 0;
    int whereWidth = 0;
    List<Finding> top = findings.stream().limit(TOP).toList();
    for (Finding f : top) {
      ruleWidth = Math.max(ruleWidth, String.valueOf(f.rule()).length());
      whereWidth = Math.max(whereWidth, where(f).length());
    }
    for (Finding f : top) {
      Severity s = f.severity() == null ? Severity.INFO : f.severity();
      b.append("  ").append(style(COLOURS.get(s), pad(s.id(), 8))).append(' ')
          .append(pad(String.valueOf(f.rule()), ruleWidth)).append("  ")
          .append(pad(where(f), whereWidth)).append("  ")
          .append(cut(oneLine(f.message())))
          .append('\n');
    }
    if (findings.size() > TOP) {
      b.append("  … ").append(findings.size() - TOP).append(" more in the report\n");
    }
  }

  private static String where(Finding f) {
    if (f.location() != null) {
      return f.location().shortForm();
    }
    return f.subject() == null ? "" : f.subject();
  }

  private static long count(List<Finding> findings, Severity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }

  private String style(String code, String text) {
    return colour && !code.isEmpty() ? code + text + RESET : text;
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Strips control characters so a message cannot move the cursor or inject escapes. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return b.toString();
  }

  private static String cut(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
