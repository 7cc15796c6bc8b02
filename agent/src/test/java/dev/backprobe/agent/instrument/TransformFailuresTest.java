package dev.backprobe.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformFailuresTest {

  @Test
  void should_say_each_class_once_and_cap_the_lines_when_many_classes_fail() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TransformFailures failures =
        new TransformFailures(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    failures.classFailed("a.B", new IllegalStateException("bad\nframe"));
    failures.classFailed("a.B", new IllegalStateException("again"));
    for (int i = 0; i < 20; i++) {
      failures.classFailed("a.C" + i, new RuntimeException());
    }

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "[backprobe] could not instrument a.B (IllegalStateException: bad frame); it runs"
                + " unchanged");
    assertThat(lines).hasSize(TransformFailures.MAX_PRINTED + 1);
    assertThat(lines.get(lines.size() - 1)).contains("the report lists them all");
    assertThat(failures.failures()).hasSize(21);
  }

  @Test
  void should_report_and_load_unchanged_when_instrumenting_a_class_throws() {
    List<String> seen = new java.util.ArrayList<>();
    BackprobeTransformer transformer =
        new BackprobeTransformer(
            ClassSelector.of(ClassGlob.list("testbed.*"), List.of()),
            (c, t) -> seen.add(c + " " + t.getClass().getSimpleName()));
    byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 9};

    byte[] result =
        transformer.transform(
            getClass().getClassLoader(),
            "testbed/Broken",
            null,
            getClass().getProtectionDomain(),
            garbage);

    assertThat(result).isNull();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).startsWith("testbed.Broken ");
  }

  @Test
  void should_leave_jdk_agent_and_unselected_classes_alone() throws Exception {
    List<String> seen = new java.util.ArrayList<>();
    BackprobeTransformer transformer =
        new BackprobeTransformer(
            ClassSelector.of(ClassGlob.list("*"), List.of()), (c, t) -> seen.add(c));
    byte[] bytes = InstrumentingClassLoader.read(getClass().getClassLoader(), "testbed.Traits");
    ClassLoader app = getClass().getClassLoader();
    var domain = getClass().getProtectionDomain();

    assertThat(transformer.transform(null, "java/lang/Foo", null, null, bytes)).isNull();
    assertThat(
            transformer.transform(
                ClassLoader.getPlatformClassLoader(), "java/sql/Foo", null, domain, bytes))
        .isNull();
    assertThat(transformer.transform(app, "dev/backprobe/agent/X", null, domain, bytes)).isNull();
    assertThat(transformer.transform(app, "testbed/Traits", null, null, bytes)).isNull();
    assertThat(transformer.transform(app, "testbed/Traits", String.class, domain, bytes))
        .isNull();
    assertThat(transformer.transform(app, "testbed/Traits$$Lambda$1", null, domain, bytes))
        .isNull();
    assertThat(transformer.transform(app, null, null, domain, bytes)).isNull();
    assertThat(transformer.transform(app, "testbed/Traits", null, domain, bytes)).isNotNull();
    assertThat(seen).isEmpty();
  }
}
