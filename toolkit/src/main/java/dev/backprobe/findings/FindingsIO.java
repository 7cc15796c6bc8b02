package dev.backprobe.findings;

import dev.backprobe.trace.FileFormatException;
import dev.backprobe.trace.JsonFiles;
import dev.backprobe.trace.JsonOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code findings.json} exactly as DESIGN.md shows it.
 *
 * <p>Evidence values are free-form, so a non-finite number in them is written as the string {@code
 * "NaN"}, {@code "Infinity"} or {@code "-Infinity"} (as everywhere in Backprobe's JSON) and turned
 * back into a {@code Double} on reading; evidence therefore never holds those three strings as
 * text.
 */
public final class FindingsIO {

  /** The file name the agent writes into its {@code out} folder. */
  public static final String FILE_NAME = "findings.json";

  private static final String WHAT =
      "Backprobe findings (an object with \"tool\": \"backprobe\" and \"findings\")";

  private FindingsIO() {}

  /** Writes a findings document to a file, replacing it. */
  public static void write(FindingsDocument document, Path file) throws IOException {
    JsonOutput.write(FindingsJson.of(document), file);
  }

  /**
   * Reads a findings document.
   *
   * @throws FileFormatException naming the file, the position and what was expected, when the file
   *     is missing, empty, malformed or not Backprobe's findings
   */
  public static FindingsDocument read(Path file) throws FileFormatException {
    return checked(JsonFiles.read(file, FindingsDocument.class, WHAT), String.valueOf(file));
  }

  /** The JSON text of a findings document. */
  public static String toJson(FindingsDocument document) {
    return JsonOutput.toJson(FindingsJson.of(document));
  }

  /**
   * Parses the JSON text of a findings document.
   *
   * @param source the name used in messages
   */
  public static FindingsDocument fromJson(String json, String source)
      throws FileFormatException {
    return checked(JsonFiles.parse(json, source, FindingsDocument.class, WHAT), source);
  }

  private static FindingsDocument checked(FindingsDocument document, String source)
      throws FileFormatException {
    if (!FindingsDocument.TOOL.equals(document.tool())) {
      throw new FileFormatException(
          source, 1, 1, "\"tool\" is \"" + document.tool() + "\"; expected " + WHAT, null);
    }
    List<Finding> findings = new ArrayList<>(document.findings().size());
    for (Finding finding : document.findings()) {
      findings.add(
          finding.evidence() == null
              ? finding
              : new Finding(
                  finding.rule(),
                  finding.severity(),
                  finding.step(),
                  finding.subject(),
                  finding.location(),
                  finding.message(),
                  finding.hint(),
                  restoreNonFinite(finding.evidence())));
    }
    return new FindingsDocument(
        document.tool(),
        document.version(),
        document.target(),
        document.steps(),
        document.capturedSteps(),
        findings);
  }

  private static Map<String, Object> restoreNonFinite(Map<String, Object> evidence) {
    Map<String, Object> restored = new LinkedHashMap<>();
    evidence.forEach((key, value) -> restored.put(key, restoreValue(value)));
    return restored;
  }

  @SuppressWarnings("unchecked")
  private static Object restoreValue(Object value) {
    if (value instanceof String text) {
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          return text;
      }
    }
    if (value instanceof Map<?, ?> map) {
      return restoreNonFinite((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> restored = new ArrayList<>(list.size());
      list.forEach(item -> restored.add(restoreValue(item)));
      return restored;
    }
    return value;
  }
}
