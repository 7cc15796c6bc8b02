package dev.backprobe.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streaming side of Backprobe's JSON: {@code trace.json} and {@code findings.json} are written
 * field by field through Jackson's {@link JsonGenerator} ({@link TraceJson}, {@code FindingsJson}),
 * in exactly the bytes the {@link JsonFiles#mapper() mapper} would write (same generator features,
 * same pretty printer; the tests compare the two on full documents), and read back by the mapper.
 *
 * <p>Why not the mapper for writing too: the agent writes these files once, at the JVM's exit, when
 * none of databind's machinery has run yet. Its first serialisation of the trace's twenty record
 * types (introspecting each, building and caching serialisers, spinning method handles) took
 * 0.65–0.85 s at the exit of the benchmark's run, longer than everything else the exit does; the
 * generator alone needs a handful of classes. Reading stays with the mapper, whose error messages
 * {@link JsonFiles} turns into {@link FileFormatException}s, so the records remain the one
 * definition of the format.
 */
public final class JsonOutput {

  /** What writes a whole document into a generator. */
  @FunctionalInterface
  public interface Document {
    void write(JsonGenerator g) throws IOException;
  }

  /** The generator features {@link JsonFiles}'s mapper is built with. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

  /** Makes the names of files being written unique within this process. */
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  private JsonOutput() {}

  /** The document as indented JSON text. */
  public static String toJson(Document document) {
    StringWriter text = new StringWriter();
    try {
      write(document, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  /**
   * Writes a document to a file, creating its folder; the file is replaced only once the new
   * content is complete, so a failure never leaves half a file behind.
   */
  public static void write(Document document, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path temp = temporarySibling(file.toAbsolutePath());
    try {
      try (Writer out =
          Files.newBufferedWriter(
              temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        write(document, out);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A new name beside {@code file} for its content while it is written. Not {@code
   * Files.createTempFile}: that creates the file readable by its owner only ({@code rw-------}),
   * and the move keeps those permissions, so a report folder served or shared by others had
   * unreadable JSON files; a file opened with {@code CREATE_NEW} gets the process's umask like the
   * HTML report beside it.
   */
  private static Path temporarySibling(Path file) {
    String name =
        file.getFileName() + "." + ProcessHandle.current().pid() + "-" + TEMP_COUNTER.incrementAndGet()
            + ".tmp";
    return file.resolveSibling(name);
  }

  /** Writes the document as indented JSON into {@code out}, which is flushed, not closed. */
  public static void write(Document document, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      document.write(g);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fields. "Optional" ones are left out when null, as the records marked
  // @JsonInclude(NON_NULL) are written; the others write null.
  // ---------------------------------------------------------------------------------------------

  public static void string(JsonGenerator g, String name, String value) throws IOException {
    g.writeFieldName(name);
    g.writeString(value);
  }

  public static void optionalString(JsonGenerator g, String name, String value)
      throws IOException {
    if (value != null) {
      string(g, name, value);
    }
  }

  public static void optionalNumber(JsonGenerator g, String name, Double value)
      throws IOException {
    if (value != null) {
      g.writeNumberField(name, value.doubleValue());
    }
  }

  /** An enum by its name, or null. */
  public static void enumName(JsonGenerator g, String name, Enum<?> value) throws IOException {
    g.writeFieldName(name);
    g.writeString(value == null ? null : value.name());
  }

  public static void optionalEnumName(JsonGenerator g, String name, Enum<?> value)
      throws IOException {
    if (value != null) {
      enumName(g, name, value);
    }
  }

  public static void strings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  public static void optionalStrings(JsonGenerator g, String name, List<String> values)
      throws IOException {
    if (values != null) {
      strings(g, name, values);
    }
  }

  public static void integers(JsonGenerator g, String name, List<Integer> values)
      throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (Integer v : values) {
      if (v == null) {
        g.writeNull();
      } else {
        g.writeNumber(v.intValue());
      }
    }
    g.writeEndArray();
  }

  public static void optionalIntegers(JsonGenerator g, String name, List<Integer> values)
      throws IOException {
    if (values != null) {
      integers(g, name, values);
    }
  }

  public static void doubles(JsonGenerator g, String name, double[] values) throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (double v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }

  public static void longs(JsonGenerator g, String name, long[] values) throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (long v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }

  public static void ints(JsonGenerator g, String name, int[] values) throws IOException {
    g.writeFieldName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (int v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }

  /**
   * A free-form value (a finding's evidence): strings, numbers, booleans, lists, maps and arrays of
   * them are written here; anything else by the mapper, as it would have been.
   */
  public static void value(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long l) {
      g.writeNumber(l.longValue());
    } else if (value instanceof Double d) {
      g.writeNumber(d.doubleValue());
    } else if (value instanceof Float f) {
      g.writeNumber(f.floatValue());
    } else if (value instanceof double[] a) {
      g.writeStartArray();
      for (double v : a) {
        g.writeNumber(v);
      }
      g.writeEndArray();
    } else if (value instanceof int[] a) {
      g.writeStartArray();
      for (int v : a) {
        g.writeNumber(v);
      }
      g.writeEndArray();
    } else if (value instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object v : c) {
        value(g, v);
      }
      g.writeEndArray();
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      JsonFiles.mapper().writeValue(g, value);
    }
  }
}
