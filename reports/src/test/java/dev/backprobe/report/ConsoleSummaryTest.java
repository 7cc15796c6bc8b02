package dev.backprobe.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {

  private final SyntheticTrace synthetic = new SyntheticTrace();
  private final Path report = Path.of("/tmp/run/backprobe-report/report.html");

  @Test
  void should_print_counts_top_findings_and_the_report_path_when_colour_is_off() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    new ConsoleSummary(false).print(synthetic.findingsForEveryRule(), report,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("backprobe: 7 errors, 5 warnings (200 steps, 9 captured)");
    assertThat(lines.subList(1, 6)).allSatisfy(l -> assertThat(l).startsWith("  error    ")
        .containsPattern("Net\\.java:\\d+"));
    assertThat(lines.get(1)).contains("gradient-sign", "Net.java:40",
        "the gradient-sign message about com.acme.nn.Net.w1");
    assertThat(lines.get(6)).isEqualTo("  … 7 more in the report");
    assertThat(lines.get(7)).isEqualTo("report: " + report.toAbsolutePath());
    assertThat(text).doesNotContain("\u001b[");
  }

  @Test
  void should_colour_severities_when_colour_is_on() {
    String text = new ConsoleSummary(true).render(synthetic.findingsForEveryRule(), report);

    assertThat(text).contains("\u001b[1;31m7 errors\u001b[0m", "\u001b[33m5 warnings\u001b[0m",
        "\u001b[1;31merror   \u001b[0m");
  }

  @Test
  void should_strip_control_characters_from_messages_when_printing() {
    Finding f = new Finding(RuleId.NAN_INF.id(), Severity.ERROR, 1, "x", null,
        "evil\u001b[2Jmessage\nsecond line", null, Map.of());

    String text = new ConsoleSummary(false).render(synthetic.document(List.of(f)), null);

    assertThat(text).contains("evil [2Jmessage second line").doesNotContain("\u001b");
  }

  @Test
  void should_say_so_when_there_is_nothing_wrong_or_no_findings() {
    assertThat(new ConsoleSummary(false).render(synthetic.document(List.of()), report))
        .startsWith("backprobe: no errors or warnings (200 steps, 9 captured)\nreport: ");
    assertThat(new ConsoleSummary(false).render(null, null))
        .isEqualTo("backprobe: no findings (the rules did not run)\n");
  }

  @Test
  void should_not_colour_when_not_on_a_terminal_or_when_no_color_is_set() {
    assertThat(ConsoleSummary.colourWanted(null, Map.of())).isFalse();
    assertThat(ConsoleSummary.colourWanted(null, Map.of("NO_COLOR", "1"))).isFalse();
  }
}
