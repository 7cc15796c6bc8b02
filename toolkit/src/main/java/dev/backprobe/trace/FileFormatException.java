package dev.backprobe.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Backprobe JSON file ({@code trace.json}, {@code findings.json}) that cannot be read: missing,
 * empty, truncated, of the wrong shape, or some other program's JSON. The message is one line
 * naming the file, the {@code line:column} position and what was expected there, e.g. {@code
 * out/trace.json:3:15: at steps[0].step: expected a whole number (found String "one")}.
 */
public final class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String expected;

  /**
   * @param file the file (or the name of the source) that was read
   * @param line 1-based line of the problem, or 0 when there is no position (a missing file)
   * @param column 1-based column, or 0
   * @param expected what was expected there and what was found, one sentence
   * @param cause the underlying failure, or null
   */
  public FileFormatException(String file, int line, int column, String expected, Throwable cause) {
    super(format(file, line, column, expected), cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.expected = expected;
  }

  static FileFormatException at(Path file, int line, int column, String expected, Throwable cause) {
    return new FileFormatException(String.valueOf(file), line, column, expected, cause);
  }

  private static String format(String file, int line, int column, String expected) {
    return line > 0 ? file + ":" + line + ":" + column + ": " + expected : file + ": " + expected;
  }

  /** The file that was read, as given. */
  public String file() {
    return file;
  }

  /** 1-based line of the problem, 0 when the file could not be read at all. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, 0 when the file could not be read at all. */
  public int column() {
    return column;
  }

  /** What was expected at that position (and what was found). */
  public String expected() {
    return expected;
  }
}
