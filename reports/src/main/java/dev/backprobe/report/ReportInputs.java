package dev.backprobe.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.trace.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code trace.json} and {@code findings.json} for re-rendering, turning every failure into a
 * {@link ReportInputException} with one line naming the file and what is wrong.
 */
final class ReportInputs {

  /**
   * Lenient where the agent's own writer may differ from strict JSON: NaN and infinities (a trace
   * of a diverging run has them) and fields a newer version added.
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ReportInputs() {}

  static Trace readTrace(Path file) throws ReportInputException {
    return read(file, Trace.class, "a trace");
  }

  static FindingsDocument readFindings(Path file) throws ReportInputException {
    return read(file, FindingsDocument.class, "a findings document");
  }

  private static <T> T read(Path file, Class<T> type, String what) throws ReportInputException {
    if (Files.isDirectory(file)) {
      throw new ReportInputException(file + ": is a folder, expected " + what + " (JSON file)");
    }
    try {
      T value = MAPPER.readValue(file.toFile(), type);
      if (value == null) {
        throw new ReportInputException(file + ": empty, expected " + what);
      }
      return value;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ReportInputException(
          file + ": not " + what + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (NoSuchFileException e) {
      throw new ReportInputException(file + ": no such file");
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new ReportInputException(file + ": no such file");
      }
      throw new ReportInputException(file + ": cannot be read (" + firstLine(e.getMessage()) + ")");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A file that cannot be used, with a message fit for one line on stderr. */
  static final class ReportInputException extends Exception {
    private static final long serialVersionUID = 1L;

    ReportInputException(String message) {
      super(message, null, false, false);
    }
  }
}
