package dev.backprobe.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.probe.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceIOTest {

  @TempDir Path dir;

  static Trace sample() {
    return TraceBuilder.trace()
        .losses(0.7, 0.6, Double.NaN, Double.POSITIVE_INFINITY)
        .step(1, s -> s.loss(0.7)
            .parameter("w1", new double[][] {{0.5, -0.25}, {Double.NaN, 1}}, Double.NaN)
            .parameter("b1", new double[] {0, Double.NEGATIVE_INFINITY}, 1e-3)
            .batch("forward", "a", TensorRole.OUTPUT, "sigmoid",
                new double[][] {{0.2, 0.8}, {0.995, 0.001}}, 50)
            .check("w1", CheckVerdict.CLIMBS, -1.0, 2.0, -0.006, CheckMode.COORDINATES, 4)
            .derivativeCall(new DerivativeCall("pkg.Net#dersgm", "pkg.Net#forward:a",
                DerivativeConvention.OF_OUTPUT, TraceBuilder.at("backward", 60)))
            .nanOrigin(new NanOrigin("pkg.Net.w1", TraceBuilder.at("trainStep", 40), 1, 0)))
        .probe(new ProbeResult("pkg.Net#dersgm", TraceBuilder.at("dersgm", 24), null,
            ActivationKind.SIGMOID, DerivativeConvention.OF_INPUT, DerivativeVerdict.WRONG_SIGN,
            0.5, DerivativeConvention.OF_OUTPUT, TraceBuilder.at("backward", 60),
            "returns σ(x)(σ(x)−1) = −σ'(x)"))
        .build();
  }

  @Test
  void should_read_back_what_it_wrote_including_non_finite_numbers() throws IOException {
    // GIVEN a trace with NaN and infinities in losses, values, statistics and ratios
    Trace trace = sample();
    Path file = dir.resolve("out/trace.json");

    // WHEN
    TraceIO.write(trace, file);
    Trace read = TraceIO.read(file);

    // THEN records with arrays compare by reference, so compare the canonical JSON and key values
    assertThat(TraceIO.toJson(read)).isEqualTo(TraceIO.toJson(trace));
    assertThat(read.losses().get(2).loss()).isNaN();
    assertThat(read.losses().get(3).loss()).isEqualTo(Double.POSITIVE_INFINITY);
    TensorTrace w1 = read.steps().get(0).tensors().get(0);
    assertThat(w1.updateRatio()).isNaN();
    assertThat(w1.values()[2]).isNaN();
    assertThat(w1.stats().nanCount()).isEqualTo(1);
    assertThat(read.steps().get(0).tensors().get(1).values()[1])
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(read.steps().get(0).checks().get(0).verdict()).isEqualTo(CheckVerdict.CLIMBS);
    assertThat(read.probes().get(0).verdict()).isEqualTo(DerivativeVerdict.WRONG_SIGN);
    assertThat(read.run()).isEqualTo(trace.run());
  }

  @Test
  void should_give_the_written_file_the_permissions_of_any_other_new_file() throws IOException {
    // GIVEN a POSIX file system, and a file created the ordinary way (the process's umask)
    Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX");
    Path ordinary = Files.writeString(dir.resolve("ordinary.txt"), "x");

    // WHEN
    Path file = dir.resolve("trace.json");
    TraceIO.write(sample(), file);

    // THEN not owner-only, as a temporary file would be, and no temporary file is left behind
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Files.getPosixFilePermissions(ordinary));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ordinary.txt", "trace.json");
    }
  }

  @Test
  void should_write_standard_json_with_non_finite_numbers_as_strings() {
    String json = TraceIO.toJson(sample());

    assertThat(json).contains("\"NaN\"", "\"Infinity\"", "\"-Infinity\"")
        .doesNotContain(": NaN", "Infinity,\n", "[ NaN");
    assertThat(json).contains("\"class\" : \"pkg.Net\"", "\"line\" : 40");
  }

  @Test
  void should_accept_bare_non_finite_tokens_as_python_writes_them() throws IOException {
    String json = TraceIO.toJson(sample()).replace("\"NaN\"", "NaN");

    Trace read = TraceIO.fromJson(json, "python.json");

    assertThat(read.losses().get(2).loss()).isNaN();
  }

  private FileFormatException failureOf(String content) throws IOException {
    Path file = dir.resolve("trace.json");
    Files.writeString(file, content);
    return catchThrowableOfType(FileFormatException.class, () -> TraceIO.read(file));
  }

  @Test
  void should_name_file_position_and_expectation_when_json_is_truncated() throws IOException {
    String json = TraceIO.toJson(sample());

    FileFormatException e = failureOf(json.substring(0, json.length() / 2));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith(dir.resolve("trace.json") + ":")
        .contains("malformed JSON", "expected");
    assertThat(e.line()).isGreaterThan(1);
    assertThat(e.column()).isPositive();
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void should_name_the_field_and_type_when_a_value_has_the_wrong_type() throws IOException {
    String json = TraceIO.toJson(sample()).replaceFirst("\"step\" : 1,\\s*\"loss\" : 0.7,\\s*\"tensors\"",
        "\"step\" : \"one\", \"loss\" : 0.7, \"tensors\"");

    FileFormatException e = failureOf(json);

    assertThat(e.getMessage())
        .matches(".*trace\\.json:\\d+:\\d+: at steps\\[0\\]\\.step: expected a whole number.*")
        .contains("\"one\"");
  }

  @Test
  void should_name_accepted_values_when_an_enum_is_unknown() throws IOException {
    String json = TraceIO.toJson(sample()).replace("\"CLIMBS\"", "\"UPHILL\"");

    FileFormatException e = failureOf(json);

    assertThat(e.getMessage()).contains("steps[0].checks[0].verdict", "\"CLIMBS\"", "\"AGREES\"");
  }

  @Test
  void should_expect_an_object_when_the_file_is_a_json_array() throws IOException {
    FileFormatException e = failureOf("[1, 2, 3]");

    assertThat(e.getMessage()).isEqualTo(dir.resolve("trace.json") + ":1:1: expected "
        + TraceIO.WHAT + ", found Array value");
  }

  @Test
  void should_reject_an_unrelated_json_object() throws IOException {
    FileFormatException e = failureOf("{\n  \"name\": \"my-app\",\n  \"version\": \"1.0.0\"\n}");

    assertThat(e.getMessage()).isEqualTo(dir.resolve("trace.json")
        + ":4:1: missing field \"run\"; expected " + TraceIO.WHAT);
  }

  @Test
  void should_require_run_and_steps_in_an_empty_object() throws IOException {
    FileFormatException e = failureOf("{ }");

    assertThat(e.getMessage()).contains("trace.json:1:", "missing field \"run\"");
  }

  @Test
  void should_say_the_file_is_empty() throws IOException {
    FileFormatException e = failureOf("  \n");

    assertThat(e.getMessage()).isEqualTo(dir.resolve("trace.json")
        + ":1:1: the file is empty; expected " + TraceIO.WHAT);
  }

  @Test
  void should_say_the_file_is_missing() {
    Path missing = dir.resolve("nowhere/trace.json");

    FileFormatException e =
        catchThrowableOfType(FileFormatException.class, () -> TraceIO.read(missing));

    assertThat(e.getMessage()).isEqualTo(missing + ": no such file; expected " + TraceIO.WHAT);
    assertThat(e.line()).isZero();
  }

  @Test
  void should_reject_trailing_content_after_the_trace() throws IOException {
    FileFormatException e = failureOf(TraceIO.toJson(sample()) + " {}");

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("trace.json:");
  }
}
