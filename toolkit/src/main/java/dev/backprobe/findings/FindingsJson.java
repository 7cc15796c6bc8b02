package dev.backprobe.findings;

import static dev.backprobe.trace.JsonOutput.optionalString;
import static dev.backprobe.trace.JsonOutput.optionalStrings;
import static dev.backprobe.trace.JsonOutput.string;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backprobe.trace.JsonOutput;
import dev.backprobe.trace.TraceJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link FindingsDocument} through a {@link JsonGenerator} in the bytes the mapper would
 * write (see {@link JsonOutput} for why); {@code FindingsJsonTest} compares the two. A component
 * added to {@link FindingsDocument}, {@link Target} or {@link Finding} must be added here too.
 */
public final class FindingsJson {

  private FindingsJson() {}

  /** The document as {@code findings.json}'s content. */
  public static JsonOutput.Document of(FindingsDocument document) {
    return g -> document(g, document);
  }

  private static void document(JsonGenerator g, FindingsDocument d) throws IOException {
    g.writeStartObject();
    string(g, "tool", d.tool());
    string(g, "version", d.version());
    g.writeFieldName("target");
    target(g, d.target());
    g.writeNumberField("steps", d.steps());
    g.writeFieldName("capturedSteps");
    JsonOutput.value(g, d.capturedSteps());
    g.writeFieldName("findings");
    findings(g, d.findings());
    g.writeEndObject();
  }

  private static void target(JsonGenerator g, Target t) throws IOException {
    if (t == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    optionalString(g, "main", t.main());
    optionalStrings(g, "include", t.include());
    optionalString(g, "step", t.step());
    optionalString(g, "loss", t.loss());
    g.writeEndObject();
  }

  private static void findings(JsonGenerator g, List<Finding> findings) throws IOException {
    if (findings == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (Finding f : findings) {
      finding(g, f);
    }
    g.writeEndArray();
  }

  private static void finding(JsonGenerator g, Finding f) throws IOException {
    if (f == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    optionalString(g, "rule", f.rule());
    optionalString(g, "severity", f.severity() == null ? null : f.severity().id());
    if (f.step() != null) {
      g.writeNumberField("step", f.step().intValue());
    }
    optionalString(g, "subject", f.subject());
    TraceJson.optionalLocation(g, "location", f.location());
    optionalString(g, "message", f.message());
    optionalString(g, "hint", f.hint());
    if (f.evidence() != null) {
      g.writeObjectFieldStart("evidence");
      for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
        g.writeFieldName(e.getKey());
        JsonOutput.value(g, e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
