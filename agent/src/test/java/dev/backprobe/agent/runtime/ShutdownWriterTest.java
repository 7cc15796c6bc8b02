package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer at exit: the three files (the trace written on a thread of its own), the summary, and
 * one line per part that cannot be written, never an exception.
 */
class ShutdownWriterTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);

  /**
   * What the agent wrote for three steps of a trainer with a sign bug (parameters, activations,
   * gradient checks, a probe, three findings). When the trace format changes, make it again from
   * the {@code agent} folder after {@code mvn -o -q package -pl agent -am -DskipTests}:
   *
   * <pre>
   * java -javaagent:target/backprobe-agent.jar=out=target/sign-bug -cp target/test-classes \
   *     org.example.trainers.adam.AdamNet ascent 3
   * cp target/sign-bug/trace.json src/test/resources/dev/backprobe/agent/runtime/sign-bug-trace.json
   * </pre>
   */
  static Trace signBugTrace() throws Exception {
    try (InputStream in = ShutdownWriterTest.class.getResourceAsStream("sign-bug-trace.json")) {
      return TraceIO.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), "sign-bug");
    }
  }

  @Test
  void should_write_the_three_files_and_name_them_in_the_summary() throws Exception {
    // GIVEN the trace of three steps of a trainer with a sign bug
    Trace trace = signBugTrace();
    Path out = dir.resolve("new/report");

    // WHEN
    ShutdownWriter.write(trace, out, err, new Problems(err));

    // THEN the files read back as what was given and found
    assertThat(TraceIO.toJson(TraceIO.read(out.resolve(TraceIO.FILE_NAME))))
        .isEqualTo(TraceIO.toJson(trace));
    FindingsDocument findings = FindingsIO.read(out.resolve(FindingsIO.FILE_NAME));
    assertThat(findings.findings()).extracting(f -> f.rule()).contains("gradient-sign");
    assertThat(Files.readString(out.resolve("report.html"))).contains("gradient-sign");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("errors")
        .contains("wrote trace.json, findings.json, report.html to " + out.toAbsolutePath())
        .doesNotContain("could not");
  }

  @Test
  void should_say_once_per_part_what_could_not_be_written_and_still_summarise() throws Exception {
    // GIVEN an output "folder" that is a file
    Trace trace = signBugTrace();
    Path out = Files.writeString(dir.resolve("not-a-folder"), "x");

    // WHEN
    ShutdownWriter.write(trace, out, err, new Problems(err));

    // THEN
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().filter(l -> l.startsWith("[backprobe] could not write into")))
        .hasSize(1);
    assertThat(text.lines().filter(l -> l.startsWith("[backprobe] could not write the HTML")))
        .hasSize(1);
    assertThat(text).contains("errors").doesNotContain("wrote ");
    assertThat(Files.readString(out)).isEqualTo("x");
  }
}
