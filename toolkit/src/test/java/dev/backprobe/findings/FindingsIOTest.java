package dev.backprobe.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backprobe.trace.FileFormatException;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsIOTest {

  @TempDir Path dir;

  static FindingsDocument designExample() {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("cos", -1.0);
    evidence.put("effectiveLearningRate", -0.006);
    Finding finding = new Finding("gradient-sign", Severity.ERROR, 1, "pkg.Net.w2",
        new SourceLocation("pkg.Net", "trainStep", "Net.java", 42),
        "the update of w2 climbs the loss: cos(Δw2, −∇L) = −1.00",
        "the output error should be (prediction − target) when the update subtracts it",
        evidence);
    return new FindingsDocument("backprobe", "0.1.0",
        new Target("pkg.Main", List.of("pkg.*"), "pkg.Net#trainStep", "pkg.Net#loss"), 2000,
        List.of(1, 2, 3, 5, 10), List.of(finding));
  }

  @Test
  void should_write_exactly_the_shape_design_md_shows() throws IOException {
    JsonNode json = new ObjectMapper().readTree(FindingsIO.toJson(designExample()));

    assertThat(names(json)).containsExactly(
        "tool", "version", "target", "steps", "capturedSteps", "findings");
    assertThat(names(json.get("target"))).containsExactly("main", "include", "step", "loss");
    JsonNode finding = json.get("findings").get(0);
    assertThat(names(finding)).containsExactly("rule", "severity", "step", "subject", "location",
        "message", "hint", "evidence");
    assertThat(finding.get("severity").asText()).isEqualTo("error");
    assertThat(names(finding.get("location"))).containsExactly("class", "method", "file", "line");
    assertThat(finding.get("location").get("line").asInt()).isEqualTo(42);
    assertThat(finding.get("evidence").get("cos").asDouble()).isEqualTo(-1.0);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void should_read_back_what_it_wrote() throws IOException {
    Path file = dir.resolve("findings.json");
    FindingsDocument document = designExample();

    FindingsIO.write(document, file);

    assertThat(FindingsIO.read(file)).isEqualTo(document);
  }

  @Test
  void should_keep_non_finite_evidence_as_doubles() throws IOException {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("cos", Double.NaN);
    evidence.put("updateRatio", Double.POSITIVE_INFINITY);
    evidence.put("lastSeen", new LinkedHashMap<>(Map.of("low", Double.NEGATIVE_INFINITY)));
    evidence.put("threshold", "Thresholds.X = 1");
    Finding finding = new Finding("nan-inf", Severity.ERROR, 3, "pkg.Net.w1", null, "m", "h",
        evidence);
    FindingsDocument document = new FindingsDocument("backprobe", "0.1.0", null, 3, List.of(3),
        List.of(finding));

    FindingsDocument read = FindingsIO.fromJson(FindingsIO.toJson(document), "findings.json");

    assertThat(read).isEqualTo(document);
    assertThat(read.findings().get(0).evidence().get("cos")).isEqualTo(Double.NaN);
  }

  @Test
  void should_reject_unknown_severity_naming_the_accepted_values() throws IOException {
    Path file = dir.resolve("findings.json");
    Files.writeString(file, FindingsIO.toJson(designExample()).replace("\"error\"", "\"fatal\""));

    FileFormatException e = catchThrowableOfType(FileFormatException.class,
        () -> FindingsIO.read(file));

    assertThat(e.getMessage()).contains(file + ":", "findings[0].severity",
        "\"error\", \"warning\", \"info\"");
  }

  @Test
  void should_reject_another_tools_document() {
    String json = FindingsIO.toJson(designExample()).replace("\"backprobe\"", "\"eslint\"");

    FileFormatException e = catchThrowableOfType(FileFormatException.class,
        () -> FindingsIO.fromJson(json, "report/findings.json"));

    assertThat(e.getMessage()).startsWith("report/findings.json:1:1: \"tool\" is \"eslint\"")
        .contains("expected Backprobe findings");
  }

  @Test
  void should_reject_a_trace_read_as_findings() throws IOException {
    Path file = dir.resolve("findings.json");
    Files.writeString(file, dev.backprobe.trace.TraceIO.toJson(TraceBuilder.trace().build()));

    FileFormatException e = catchThrowableOfType(FileFormatException.class,
        () -> FindingsIO.read(file));

    // the trace's "steps" (a list) collides with the findings' "steps" (a count) first
    assertThat(e.getMessage()).matches(".*findings\\.json:\\d+:\\d+: at steps: expected a whole"
        + " number \\(.*Array value\\)");
  }

  @Test
  void should_build_the_document_from_the_trace_run() {
    Trace trace = TraceBuilder.trace().losses(1, 2, 3).step(1, s -> s.loss(1)).build();

    FindingsDocument document = FindingsDocument.of(trace, designExample().findings());

    assertThat(document.tool()).isEqualTo("backprobe");
    assertThat(document.version()).isEqualTo("0.1.0-test");
    assertThat(document.target()).isEqualTo(
        new Target("pkg.Main", List.of("pkg.*"), "pkg.Net#trainStep", "pkg.Net#loss"));
    assertThat(document.steps()).isEqualTo(3);
    assertThat(document.capturedSteps()).containsExactly(1);
    assertThat(document.findings()).hasSize(1);
  }
}
