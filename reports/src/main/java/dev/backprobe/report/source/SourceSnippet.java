package dev.backprobe.report.source;

import java.nio.file.Path;
import java.util.List;

/**
 * A few lines of a source file around one line.
 *
 * @param file the file they come from
 * @param firstLine the 1-based number of {@code lines.get(0)}
 * @param line the line the snippet is about
 * @param lines the text of the lines, without line terminators
 */
public record SourceSnippet(Path file, int firstLine, int line, List<String> lines) {

  /** The text of the line the snippet is about. */
  public String focusLine() {
    return lines.get(line - firstLine);
  }
}
