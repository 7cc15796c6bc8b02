package dev.backprobe.report;

import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.report.page.ReportContext;
import dev.backprobe.report.page.ReportPage;
import dev.backprobe.report.source.SourceLocator;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.Trace;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Renders a trace and its findings to one self-contained HTML page (inline CSS and SVG, no script,
 * no network). This is the entry point the agent's shutdown writer, the CLI and the JUnit extension
 * call:
 *
 * <pre>{@code
 * Path page = HtmlReport.write(trace, findings, ReportOptions.defaults(), out.resolve("report.html"));
 * }</pre>
 *
 * <p>Either input may be partial: a trace without steps, losses or run facts, or a null findings
 * document, still gives a page that says what is missing. Rendering never reads the network and
 * reads the file system only to find source files for snippets.
 */
public final class HtmlReport {

  /** The file name the agent and the CLI use inside a report folder. */
  public static final String FILE_NAME = "report.html";

  private HtmlReport() {}

  /**
   * Renders to a file, replacing it only once the page is complete (a failed render leaves any
   * previous report untouched). Parent folders are created.
   *
   * @return the file written, absolute
   * @throws IOException when the file cannot be written
   */
  public static Path write(Trace trace, FindingsDocument findings, ReportOptions options, Path file)
      throws IOException {
    Path target = file.toAbsolutePath();
    String page = render(trace, findings, options);
    Path dir = target.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp = target.resolveSibling(target.getFileName() + ".part");
    Files.writeString(temp, page, StandardCharsets.UTF_8);
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /** Renders through any output (tests use {@link ReportOutput.InMemory}). */
  public static void write(
      Trace trace, FindingsDocument findings, ReportOptions options, ReportOutput output)
      throws IOException {
    try (Writer writer = output.open()) {
      render(trace, findings, options, writer);
    }
  }

  /** Renders to a string. */
  public static String render(Trace trace, FindingsDocument findings, ReportOptions options) {
    java.io.StringWriter buffer = new java.io.StringWriter(64 * 1024);
    render(trace, findings, options, buffer);
    return buffer.toString();
  }

  private static void render(
      Trace trace, FindingsDocument findings, ReportOptions options, Writer writer) {
    ReportOptions o = options == null ? ReportOptions.defaults() : options;
    RunInfo run = trace == null ? null : trace.run();
    SourceLocator sources =
        new SourceLocator(o.searchRoots(run == null ? null : run.commandLine()));
    ReportPage.write(new HtmlWriter(writer), new ReportContext(trace, findings, sources));
  }
}
