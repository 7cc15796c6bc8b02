package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.instrument.TransformFailures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Problems problems =
      new Problems(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private List<String> stderr() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void should_print_the_documented_sentence_once_when_a_class_cannot_be_instrumented() {
    problems.classNotInstrumented("a.B", new IllegalStateException("bad\nframe"));
    problems.classNotInstrumented("a.B", new IllegalStateException("again"));

    // the sentence docs/agent.md documents
    assertThat(stderr())
        .containsExactly(
            "[backprobe] could not instrument a.B (IllegalStateException: bad frame); it runs"
                + " unchanged");
    assertThat(problems.list()).hasSize(1);
  }

  @Test
  void should_cap_the_lines_but_list_every_class_when_many_classes_fail() {
    for (int i = 0; i < 20; i++) {
      problems.classNotInstrumented("a.C" + i, new RuntimeException());
    }

    List<String> lines = stderr();
    assertThat(lines).hasSize(TransformFailures.MAX_PRINTED + 1);
    assertThat(lines.get(lines.size() - 1)).contains("the report lists them all");
    assertThat(problems.list()).hasSize(20);
  }

  @Test
  void should_report_a_problem_once_per_key_with_its_cause() {
    problems.report("replay:a.B#loss", "the loss failed", new IllegalStateException("boom"));
    problems.report("replay:a.B#loss", "the loss failed again", null);

    assertThat(stderr()).containsExactly("[backprobe] the loss failed (IllegalStateException: boom)");
  }
}
