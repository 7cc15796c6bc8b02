package dev.backprobe.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprobe.agent.cli.DemoCommand.Entry;
import dev.backprobe.agent.cli.DemoCommand.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  private static final Entry POSTED =
      new Entry("seed000", "posted", "dev.backprobe.samples.seed000.Seed000Posted", "climbs");

  @TempDir Path dir;

  @Test
  void should_count_severities_and_list_rules_when_findings_json_exists() throws IOException {
    // GIVEN a run folder as the agent leaves it
    Files.writeString(dir.resolve("stdout.txt"), "step 0 sum of squares loss: 9.41\nfinal loss: 17.9944704\n");
    Files.writeString(
        dir.resolve("findings.json"),
        """
        { "tool": "backprobe", "version": "0.1", "steps": 10000, "capturedSteps": [1, 2],
          "findings": [
            { "rule": "gradient-sign", "severity": "error", "subject": "pkg.Net.w2" },
            { "rule": "gradient-sign", "severity": "error", "subject": "pkg.Net.w1" },
            { "rule": "loss-divergence", "severity": "warning" },
            { "rule": "saturation", "severity": "info" } ] }
        """);
    // WHEN
    Row row = DemoCommand.summarize(POSTED, dir, 0);
    // THEN
    assertThat(row.finalLoss()).isEqualTo("17.99");
    assertThat(row.verdict()).isEqualTo("errors: 2, warnings: 1");
    assertThat(row.rules()).isEqualTo("gradient-sign, loss-divergence, saturation");
  }

  @Test
  void should_say_clean_when_there_are_no_findings() throws IOException {
    Files.writeString(dir.resolve("stdout.txt"), "final loss: 0.0123\n");
    Files.writeString(dir.resolve("findings.json"), "{\"findings\": []}");
    Row row = DemoCommand.summarize(POSTED, dir, 0);
    assertThat(row.verdict()).isEqualTo("clean");
    assertThat(row.rules()).isEqualTo("-");
  }

  @Test
  void should_say_no_findings_json_when_the_run_left_none() throws IOException {
    Files.writeString(dir.resolve("stdout.txt"), "iteration 0 loss 4.5\niteration 500 loss 4.0\n");
    Row row = DemoCommand.summarize(POSTED, dir, 0);
    assertThat(row.verdict()).isEqualTo("no findings.json");
    assertThat(row.finalLoss()).as("falls back to the last progress line").isEqualTo("4.000");
  }

  @Test
  void should_report_a_malformed_findings_json_in_one_line() throws IOException {
    Files.writeString(dir.resolve("findings.json"), "{ \"findings\": [ {\"rule\": ");
    Row row = DemoCommand.summarize(POSTED, dir, 0);
    assertThat(row.verdict()).startsWith("unreadable findings.json: ").doesNotContain("\n");
    assertThat(row.finalLoss()).isEqualTo("-");
  }

  @Test
  void should_report_a_findings_json_without_a_findings_array() throws IOException {
    Files.writeString(dir.resolve("findings.json"), "[1, 2]");
    assertThat(DemoCommand.summarize(POSTED, dir, 0).verdict())
        .isEqualTo("unreadable findings.json: no \"findings\" array");
  }

  @Test
  void should_show_the_exit_code_and_first_stderr_line_when_the_run_failed() throws IOException {
    Files.writeString(dir.resolve("stderr.txt"), "\nError opening zip file or JAR manifest missing\nmore\n");
    Files.writeString(dir.resolve("stdout.txt"), "FATAL ERROR in native method: processing of -javaagent failed, line 2\n");
    Row row = DemoCommand.summarize(POSTED, dir, 1);
    assertThat(row.finalLoss()).isEqualTo("-");
    assertThat(row.verdict()).isEqualTo("failed (exit 1): Error opening zip file or JAR manifest missing");
  }

  @Test
  void should_show_a_timeout_as_a_failure() {
    assertThat(DemoCommand.summarize(POSTED, dir, null).verdict()).startsWith("failed: timed out");
  }

  @Test
  void should_print_an_aligned_table() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoCommand.printTable(
        List.of(
            new Row("seed000", "posted", "17.99", "errors: 2", "gradient-sign"),
            new Row("seed003", "fixed", "6.724e-05", "no findings.json", "-")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("sample   variant  final loss  verdict           rules");
    assertThat(lines.get(3)).isEqualTo("seed003  fixed    6.724e-05   no findings.json  -");
  }

  @Test
  void should_parse_the_catalogue_and_reject_a_malformed_line() {
    List<Entry> entries =
        DemoCommand.parseCatalog("# comment\nseed000\tposted\tpkg.Main\tclimbs\n\n", "test");
    assertThat(entries).containsExactly(new Entry("seed000", "posted", "pkg.Main", "climbs"));
    assertThatThrownBy(() -> DemoCommand.parseCatalog("seed000 posted pkg.Main\n", "test"))
        .hasMessageContaining("line 1");
  }

  @Test
  void should_reject_unknown_arguments_in_one_line() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DemoCommand.run(
            new String[] {"--bogus"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("demo: unknown argument '--bogus'");
  }

  @Test
  void should_say_it_needs_the_jar_when_run_from_classes() {
    // Tests load this class from target/classes, not from the jar.
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DemoCommand.run(
            new String[] {"--out", dir.toString()},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("backprobe-agent.jar").doesNotContain("Exception");
  }
}
