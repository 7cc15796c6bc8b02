package dev.backprobe.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes {@code trace.json}: a {@link Trace} as indented JSON (see {@link JsonFiles} for
 * how NaN and infinities are spelled).
 */
public final class TraceIO {

  /** The file name the agent writes into its {@code out} folder. */
  public static final String FILE_NAME = "trace.json";

  static final String WHAT = "a Backprobe trace (an object with \"run\" and \"steps\")";

  private TraceIO() {}

  /** Writes a trace to a file, replacing it. */
  public static void write(Trace trace, Path file) throws IOException {
    JsonOutput.write(TraceJson.of(trace), file);
  }

  /**
   * Reads a trace.
   *
   * @throws FileFormatException naming the file, the position and what was expected, when the file
   *     is missing, empty, malformed or not a trace
   */
  public static Trace read(Path file) throws FileFormatException {
    return JsonFiles.read(file, Trace.class, WHAT);
  }

  /** The JSON text of a trace. */
  public static String toJson(Trace trace) {
    return JsonOutput.toJson(TraceJson.of(trace));
  }

  /**
   * Parses the JSON text of a trace.
   *
   * @param source the name used in messages
   */
  public static Trace fromJson(String json, String source) throws FileFormatException {
    return JsonFiles.parse(json, source, Trace.class, WHAT);
  }
}
