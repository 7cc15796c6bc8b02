package dev.backprobe.trace;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one Jackson configuration behind {@code trace.json} and {@code findings.json}, and the
 * translation of Jackson's failures into a {@link FileFormatException} a user can act on.
 *
 * <p>Non-finite doubles: JSON has no NaN or infinity, so they are written as the strings {@code
 * "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (Jackson's {@code WRITE_NAN_AS_STRINGS}, on
 * by default), which keeps the files standard JSON for browsers and {@code jq}. Reading accepts
 * those strings wherever a number is declared (Jackson treats them as the native spelling of
 * non-numbers) and also the bare tokens {@code NaN}/{@code Infinity} that Python's {@code json}
 * writes ({@code ALLOW_NON_NUMERIC_NUMBERS}). Unknown fields are an error: a file of another shape
 * must not read as an empty trace.
 */
public final class JsonFiles {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Pattern MISSING =
      Pattern.compile("Missing required creator property '([^']*)'");

  private JsonFiles() {}

  /** The shared mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serialises a value to indented JSON text. */
  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JacksonException e) {
      // Only our own records are written; a failure here is a bug in the model, not in input.
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a file as the given type.
   *
   * @param what what the file should hold, for messages: "a Backprobe trace"
   * @throws FileFormatException when the file is missing, unreadable, empty or not of that shape
   */
  public static <T> T read(Path file, Class<T> type, String what) throws FileFormatException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw FileFormatException.at(file, 0, 0, "no such file; expected " + what, e);
    } catch (IOException e) {
      throw FileFormatException.at(file, 0, 0, "cannot read (" + e + "); expected " + what, e);
    }
    return parse(text, String.valueOf(file), type, what);
  }

  /**
   * Parses JSON text as the given type.
   *
   * @param source the name to use in messages (a file name)
   * @param what what the text should hold, for messages
   * @throws FileFormatException when the text is empty or not of that shape
   */
  public static <T> T parse(String text, String source, Class<T> type, String what)
      throws FileFormatException {
    if (text.isBlank()) {
      throw new FileFormatException(source, 1, 1, "the file is empty; expected " + what, null);
    }
    try {
      return MAPPER.readValue(text, type);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int column = at == null ? 1 : Math.max(1, at.getColumnNr());
      throw new FileFormatException(source, line, column, explain(e, type, what), e);
    }
  }

  private static String explain(JacksonException e, Class<?> rootType, String what) {
    String detail = firstLine(e.getOriginalMessage()).replaceAll(" \\(token `[^`]*`\\)", "");
    List<JsonMappingException.Reference> refs =
        e instanceof JsonMappingException mapping ? mapping.getPath() : List.of();
    String path = path(refs);
    String where = path.isEmpty() ? "" : "at " + path + ": ";
    if (!(e instanceof JsonMappingException) || e.getCause() instanceof StreamReadException) {
      return "malformed JSON" + (path.isEmpty() ? "" : " in " + path) + " (" + detail
          + "); expected " + what;
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return where.isEmpty()
          ? "unexpected field \"" + unknown.getPropertyName() + "\"; expected " + what + " with "
              + fields(unknown.getKnownPropertyIds())
          : where + "unexpected field \"" + unknown.getPropertyName() + "\"; expected one of "
              + fields(unknown.getKnownPropertyIds());
    }
    Matcher missing = MISSING.matcher(detail);
    if (missing.find()) {
      String parent = refs.isEmpty() ? "" : path(refs.subList(0, refs.size() - 1));
      return (parent.isEmpty() ? "" : "at " + parent + ": ") + "missing field \""
          + missing.group(1) + "\"; expected " + (parent.isEmpty() ? what : "it to be present");
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      Class<?> target = mismatch.getTargetType();
      if (path.isEmpty() && target == rootType) {
        return "expected " + what + ", " + found(detail);
      }
      return where + "expected " + describe(target) + " (" + detail + ")";
    }
    return where + detail + "; expected " + what;
  }

  private static String found(String detail) {
    int from = detail.indexOf(" from ");
    return from >= 0 ? "found " + detail.substring(from + " from ".length()) : "(" + detail + ")";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String fields(Collection<Object> known) {
    if (known == null || known.isEmpty()) {
      return "no fields";
    }
    return known.stream().map(k -> "\"" + k + "\"").sorted().collect(Collectors.joining(", "));
  }

  /** The expected JSON shape of a Java type, in words. */
  static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class
        || type == short.class || type == Short.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class || type == float.class
        || type == Float.class) {
      return "a number (or \"NaN\", \"Infinity\", \"-Infinity\")";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + enumNames(type);
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object (" + type.getSimpleName() + ")";
    }
    return "a " + type.getSimpleName();
  }

  private static String enumNames(Class<?> type) {
    StringBuilder names = new StringBuilder();
    for (Object constant : type.getEnumConstants()) {
      if (names.length() > 0) {
        names.append(", ");
      }
      names.append('"').append(MAPPER.convertValue(constant, String.class)).append('"');
    }
    return names.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
