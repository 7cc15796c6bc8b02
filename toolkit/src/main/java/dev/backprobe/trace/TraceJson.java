package dev.backprobe.trace;

import static dev.backprobe.trace.JsonOutput.doubles;
import static dev.backprobe.trace.JsonOutput.enumName;
import static dev.backprobe.trace.JsonOutput.ints;
import static dev.backprobe.trace.JsonOutput.longs;
import static dev.backprobe.trace.JsonOutput.optionalEnumName;
import static dev.backprobe.trace.JsonOutput.optionalIntegers;
import static dev.backprobe.trace.JsonOutput.optionalNumber;
import static dev.backprobe.trace.JsonOutput.optionalString;
import static dev.backprobe.trace.JsonOutput.optionalStrings;
import static dev.backprobe.trace.JsonOutput.string;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.Histogram;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.UnitActivity;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Trace} through a {@link JsonGenerator}, field by field in the records' component
 * order, as the mapper would (see {@link JsonOutput} for why). Records marked
 * {@code @JsonInclude(NON_NULL)} leave out their null fields; the others write them as null. A
 * component added to one of these records must be added here too: {@code TraceJsonTest} compares
 * this writer with the mapper on traces whose every field is set.
 */
public final class TraceJson {

  private TraceJson() {}

  /** The trace as {@code trace.json}'s document. */
  public static JsonOutput.Document of(Trace trace) {
    return g -> trace(g, trace);
  }

  static void trace(JsonGenerator g, Trace t) throws IOException {
    g.writeStartObject();
    if (t.run() != null) {
      g.writeFieldName("run");
      run(g, t.run());
    }
    if (t.losses() != null) {
      g.writeArrayFieldStart("losses");
      for (LossPoint p : t.losses()) {
        g.writeStartObject();
        g.writeNumberField("step", p.step());
        g.writeNumberField("loss", p.loss());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (t.steps() != null) {
      g.writeFieldName("steps");
      list(g, t.steps(), TraceJson::step);
    }
    if (t.probes() != null) {
      g.writeFieldName("probes");
      list(g, t.probes(), TraceJson::probe);
    }
    g.writeEndObject();
  }

  private static void run(JsonGenerator g, RunInfo r) throws IOException {
    g.writeStartObject();
    optionalString(g, "tool", r.tool());
    optionalString(g, "version", r.version());
    optionalString(g, "main", r.main());
    optionalString(g, "commandLine", r.commandLine());
    optionalString(g, "jvm", r.jvm());
    if (r.options() != null) {
      g.writeObjectFieldStart("options");
      for (Map.Entry<String, String> e : r.options().entrySet()) {
        string(g, e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    optionalStrings(g, "include", r.include());
    optionalString(g, "step", r.step());
    optionalString(g, "stepReason", r.stepReason());
    optionalString(g, "loss", r.loss());
    optionalString(g, "lossReason", r.lossReason());
    optionalString(g, "updateModel", r.updateModel());
    g.writeNumberField("steps", r.steps());
    optionalIntegers(g, "capturedSteps", r.capturedSteps());
    g.writeNumberField("wallMillis", r.wallMillis());
    g.writeNumberField("agentMillis", r.agentMillis());
    optionalStrings(g, "problems", r.problems());
    optionalLocation(g, "stepLocation", r.stepLocation());
    optionalLocation(g, "lossLocation", r.lossLocation());
    g.writeEndObject();
  }

  private static void step(JsonGenerator g, StepTrace s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("step", s.step());
    optionalNumber(g, "loss", s.loss());
    if (s.tensors() != null) {
      g.writeFieldName("tensors");
      list(g, s.tensors(), TraceJson::tensor);
    }
    if (s.checks() != null) {
      g.writeFieldName("checks");
      list(g, s.checks(), TraceJson::check);
    }
    if (s.derivativeCalls() != null) {
      g.writeFieldName("derivativeCalls");
      list(g, s.derivativeCalls(), TraceJson::derivativeCall);
    }
    if (s.nanOrigin() != null) {
      NanOrigin n = s.nanOrigin();
      g.writeObjectFieldStart("nanOrigin");
      string(g, "tensor", n.tensor());
      g.writeFieldName("location");
      location(g, n.location());
      g.writeNumberField("nanCount", n.nanCount());
      g.writeNumberField("infCount", n.infCount());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void tensor(JsonGenerator g, TensorTrace t) throws IOException {
    g.writeStartObject();
    optionalString(g, "name", t.name());
    optionalEnumName(g, "role", t.role());
    optionalString(g, "kind", t.kind());
    if (t.shape() != null) {
      ints(g, "shape", t.shape());
    }
    optionalString(g, "storage", t.storage());
    optionalLocation(g, "location", t.location());
    if (t.stats() != null) {
      g.writeFieldName("stats");
      stats(g, t.stats());
    }
    if (t.units() != null) {
      UnitActivity u = t.units();
      g.writeObjectFieldStart("units");
      doubles(g, "activeShare", u.activeShare());
      doubles(g, "saturatedShare", u.saturatedShare());
      g.writeEndObject();
    }
    if (t.axisSums() != null) {
      AxisSums a = t.axisSums();
      g.writeObjectFieldStart("axisSums");
      g.writeNumberField("rowSumMin", a.rowSumMin());
      g.writeNumberField("rowSumMax", a.rowSumMax());
      g.writeNumberField("columnSumMin", a.columnSumMin());
      g.writeNumberField("columnSumMax", a.columnSumMax());
      g.writeNumberField("total", a.total());
      g.writeEndObject();
    }
    if (t.values() != null) {
      doubles(g, "values", t.values());
    }
    if (t.update() != null) {
      g.writeFieldName("update");
      stats(g, t.update());
    }
    optionalNumber(g, "updateRatio", t.updateRatio());
    g.writeEndObject();
  }

  private static void stats(JsonGenerator g, TensorStats s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("count", s.count());
    g.writeNumberField("mean", s.mean());
    g.writeNumberField("std", s.std());
    g.writeNumberField("min", s.min());
    g.writeNumberField("max", s.max());
    g.writeNumberField("l2Norm", s.l2Norm());
    g.writeNumberField("nanCount", s.nanCount());
    g.writeNumberField("infCount", s.infCount());
    g.writeNumberField("zeroShare", s.zeroShare());
    g.writeNumberField("negativeShare", s.negativeShare());
    g.writeNumberField("nearZeroShare", s.nearZeroShare());
    g.writeNumberField("nearOneShare", s.nearOneShare());
    g.writeNumberField("nearMinusOneShare", s.nearMinusOneShare());
    g.writeFieldName("histogram");
    Histogram h = s.histogram();
    if (h == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      g.writeNumberField("low", h.low());
      g.writeNumberField("high", h.high());
      longs(g, "counts", h.counts());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void check(JsonGenerator g, GradientCheck c) throws IOException {
    g.writeStartObject();
    string(g, "tensor", c.tensor());
    g.writeNumberField("step", c.step());
    enumName(g, "subject", c.subject());
    enumName(g, "mode", c.mode());
    g.writeNumberField("size", c.size());
    g.writeNumberField("lossEvaluations", c.lossEvaluations());
    g.writeNumberField("cosine", c.cosine());
    g.writeNumberField("relativeError", c.relativeError());
    g.writeNumberField("effectiveLearningRate", c.effectiveLearningRate());
    g.writeNumberField("directionalDerivative", c.directionalDerivative());
    g.writeNumberField("gradientNorm", c.gradientNorm());
    g.writeNumberField("updateNorm", c.updateNorm());
    g.writeNumberField("noiseFloor", c.noiseFloor());
    g.writeNumberField("kinkCrossings", c.kinkCrossings());
    g.writeNumberField("belowNoiseFloor", c.belowNoiseFloor());
    enumName(g, "verdict", c.verdict());
    g.writeEndObject();
  }

  private static void derivativeCall(JsonGenerator g, DerivativeCall d) throws IOException {
    g.writeStartObject();
    string(g, "method", d.method());
    string(g, "argument", d.argument());
    enumName(g, "fed", d.fed());
    g.writeFieldName("callSite");
    location(g, d.callSite());
    g.writeEndObject();
  }

  private static void probe(JsonGenerator g, ProbeResult p) throws IOException {
    g.writeStartObject();
    string(g, "method", p.method());
    g.writeFieldName("location");
    location(g, p.location());
    activation(g, "activation", p.activation());
    activation(g, "derivativeOf", p.derivativeOf());
    enumName(g, "convention", p.convention());
    enumName(g, "verdict", p.verdict());
    g.writeNumberField("maxError", p.maxError());
    enumName(g, "calledWith", p.calledWith());
    g.writeFieldName("callSite");
    location(g, p.callSite());
    string(g, "detail", p.detail());
    g.writeEndObject();
  }

  /** An activation by its {@code @JsonValue} id. */
  private static void activation(JsonGenerator g, String name, ActivationKind kind)
      throws IOException {
    string(g, name, kind == null ? null : kind.id());
  }

  /** A source location, or null; used by {@code findings.json} too. */
  public static void location(JsonGenerator g, SourceLocation l) throws IOException {
    if (l == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    optionalString(g, "class", l.className());
    optionalString(g, "method", l.method());
    optionalString(g, "file", l.file());
    g.writeNumberField("line", l.line());
    g.writeEndObject();
  }

  public static void optionalLocation(JsonGenerator g, String name, SourceLocation l)
      throws IOException {
    if (l != null) {
      g.writeFieldName(name);
      location(g, l);
    }
  }

  /** What writes one element of a list. */
  @FunctionalInterface
  interface ElementWriter<T> {
    void write(JsonGenerator g, T element) throws IOException;
  }

  static <T> void list(JsonGenerator g, List<T> elements, ElementWriter<T> element)
      throws IOException {
    if (elements == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (T e : elements) {
      if (e == null) {
        g.writeNull();
      } else {
        element.write(g, e);
      }
    }
    g.writeEndArray();
  }
}
