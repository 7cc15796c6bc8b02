package dev.backprobe.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final SyntheticTrace synthetic = new SyntheticTrace();

  private int run(String... args) {
    return ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void save(Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir);
    json.writeValue(dir.resolve("trace.json").toFile(), synthetic.build());
    json.writeValue(dir.resolve("findings.json").toFile(), synthetic.findingsForEveryRule());
  }

  @Test
  void should_render_report_html_when_given_a_report_folder(@TempDir Path dir) throws Exception {
    save(dir);

    int code = run(dir.toString());

    assertThat(code).isZero();
    assertThat(err()).isEmpty();
    Path page = dir.resolve("report.html");
    Document doc = Jsoup.parse(Files.readString(page));
    assertThat(doc.select("#findings article")).hasSize(12);
    assertThat(doc.select("#checks tbody tr")).hasSize(36);
    assertThat(out()).startsWith("backprobe: 7 errors, 5 warnings")
        .contains("report: " + page.toAbsolutePath());
  }

  @Test
  void should_render_with_explicit_files_and_sources(@TempDir Path dir) throws Exception {
    save(dir.resolve("run"));
    Path src = dir.resolve("src/com/acme/nn/Net.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "x\n".repeat(39) + "the offending line\n" + "y\n".repeat(10));
    Path page = dir.resolve("out/page.html");

    int code = run("--trace", dir.resolve("run/trace.json").toString(), "--findings",
        dir.resolve("run/findings.json").toString(), "-o", page.toString(), "--source",
        dir.resolve("src").toString());

    assertThat(code).as(err()).isZero();
    Document doc = Jsoup.parse(Files.readString(page));
    assertThat(doc.selectFirst("#verdict .cl.hl").text()).isEqualTo("40the offending line");
  }

  @Test
  void should_print_usage_when_asked_for_help() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out()).startsWith("usage: report DIR").contains("--trace FILE", "--source DIR");
  }

  @Test
  void should_fail_with_one_line_when_a_file_is_missing(@TempDir Path dir) {
    int code = run(dir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err().lines()).containsExactly(
        "backprobe report: " + dir.resolve("trace.json") + ": no such file");
    assertThat(dir.resolve("report.html")).doesNotExist();
  }

  @Test
  void should_fail_with_one_line_naming_the_position_when_a_file_is_malformed(@TempDir Path dir)
      throws Exception {
    save(dir);
    Files.writeString(dir.resolve("findings.json"), "{\"tool\": \"backprobe\",\n \"steps\": [}");

    int code = run(dir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err().lines()).hasSize(1);
    assertThat(err()).startsWith("backprobe report: " + dir.resolve("findings.json")
        + ": not a findings document at line 2").doesNotContain("Exception", "\tat ");
  }

  @Test
  void should_fail_with_usage_hint_when_arguments_are_wrong() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(run("--trace")).isEqualTo(2);
    assertThat(run("--trace", "t.json")).isEqualTo(2);
    assertThat(run("a", "b")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(err().lines()).containsExactly(
        "backprobe report: unknown option --frobnicate (try --help)",
        "backprobe report: --trace needs a value (try --help)",
        "backprobe report: no output: give -o OUT (try --help)",
        "backprobe report: one report folder expected, got a and b (try --help)",
        "backprobe report: no input: give a report folder or --trace FILE (try --help)");
  }
}
