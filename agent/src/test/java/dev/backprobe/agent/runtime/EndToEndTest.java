package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.instrument.BackprobeTransformer;
import dev.backprobe.agent.instrument.ClassGlob;
import dev.backprobe.agent.instrument.ClassSelector;
import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real bytecode through the real transformer, recorded by the real runtime, in-process. */
class EndToEndTest {

  private static final String TRAINER = "org.example.mlp.SigmoidMlp";

  @BeforeEach
  @AfterEach
  void resetBridge() {
    Bridge.reset();
  }

  /** Defines the classes of one package itself, passing each through the transformer. */
  static final class Instrumenting extends ClassLoader {
    private final String prefix;
    private final BackprobeTransformer transformer;
    private final ProtectionDomain domain;

    Instrumenting(String prefix, BackprobeTransformer transformer) {
      super(EndToEndTest.class.getClassLoader());
      this.prefix = prefix;
      this.transformer = transformer;
      CodeSource source =
          new CodeSource(
              EndToEndTest.class.getProtectionDomain().getCodeSource().getLocation(),
              (Certificate[]) null);
      this.domain = new ProtectionDomain(source, null, this, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(prefix)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (InputStream in =
              getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            if (transformer != null) {
              byte[] t = transformer.transform(this, name.replace('.', '/'), null, domain, bytes);
              bytes = t == null ? bytes : t;
            }
            c = defineClass(name, bytes, 0, bytes.length, domain);
          } catch (java.io.IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }

  private static String run(ClassLoader loader, double sign, int steps) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      Class<?> trainer = Class.forName(TRAINER, true, loader);
      trainer.getMethod("run", double.class, int.class).invoke(null, sign, steps);
    } finally {
      System.setOut(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Recorder.TraceData record(double sign, int steps, StringBuilder stdout)
      throws Exception {
    Problems problems = new Problems(System.err);
    ClassSelector selector =
        new ClassSelector(ClassGlob.list("org.example.mlp.*"), List.of(), Optional.empty());
    Recorder recorder =
        new Recorder(
            new Recorder.Settings(null, null, CapturePolicy.log(), 1.0),
            ToolkitServices.services(problems));
    recorder.install();
    ClassLoader loader =
        new Instrumenting(
            "org.example.mlp.",
            new BackprobeTransformer(selector, problems::classNotInstrumented));
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      stdout.append(run(loader, sign, steps));
    } finally {
      Thread.currentThread().setContextClassLoader(context);
    }
    return recorder.finish();
  }

  @Test
  void should_discover_the_step_and_the_loss_and_verify_a_correct_trainer() throws Exception {
    StringBuilder out = new StringBuilder();
    Recorder.TraceData data = record(1, 120, out);

    assertThat(data.step()).isEqualTo(TRAINER + "#train");
    assertThat(data.loss()).isEqualTo(TRAINER + "#loss");
    assertThat(data.steps()).extracting(StepTrace::step).contains(1, 2, 3, 5, 10, 20, 50, 100);
    for (StepTrace step : data.steps()) {
      assertThat(step.checks())
          .as("step %d", step.step())
          .extracting(GradientCheck::verdict)
          .doesNotContain(CheckVerdict.CLIMBS, CheckVerdict.MISMATCH, CheckVerdict.NOT_CHECKED);
    }
    assertThat(data.losses()).hasSizeGreaterThan(100);
  }

  @Test
  void should_find_the_climbing_update_when_the_output_error_has_the_wrong_sign() throws Exception {
    Recorder.TraceData data = record(-1, 30, new StringBuilder());

    StepTrace first = data.steps().get(0);
    assertThat(first.step()).isEqualTo(1);
    assertThat(first.checks())
        .extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.CLIMBS);
  }

  @Test
  void should_leave_stdout_and_the_random_stream_byte_identical() throws Exception {
    String plain = run(new Instrumenting("org.example.mlp.", null), 1, 120);
    StringBuilder watched = new StringBuilder();
    record(1, 120, watched);

    assertThat(watched.toString()).isEqualTo(plain).contains("step 100");
  }
}
