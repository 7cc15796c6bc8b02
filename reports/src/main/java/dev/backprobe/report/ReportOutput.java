package dev.backprobe.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a rendered page goes (as JaCoCo's {@code IReportOutput}): a file for the agent and the CLI,
 * memory for tests. The page is always UTF-8.
 */
public interface ReportOutput {

  /** Opens a writer for the whole page; the caller closes it. */
  Writer open() throws IOException;

  /** A file (its folders are created); prefer {@link HtmlReport#write} for an atomic write. */
  static ReportOutput toFile(Path file) {
    return () -> {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      return new BufferedWriter(
          new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
    };
  }

  /** Collects the page in memory; read it back with {@link #toString()}. */
  final class InMemory implements ReportOutput {
    private final StringWriter buffer = new StringWriter();

    @Override
    public Writer open() {
      buffer.getBuffer().setLength(0);
      return buffer;
    }

    /** The page rendered last. */
    @Override
    public String toString() {
      return buffer.toString();
    }
  }
}
