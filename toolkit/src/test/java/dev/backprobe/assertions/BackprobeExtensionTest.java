package dev.backprobe.assertions;

import static dev.backprobe.assertions.BackprobeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.backprobe.api.Backprobe;
import dev.backprobe.api.Verification;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.model.TinyMlp;
import dev.backprobe.trace.TraceIO;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class BackprobeExtensionTest {

  @TempDir Path output;
  private String previousOutput;

  @BeforeEach
  void pointOutputAtTempDir() {
    previousOutput = System.getProperty(BackprobeExtension.OUTPUT_PROPERTY);
    System.setProperty(BackprobeExtension.OUTPUT_PROPERTY, output.toString());
  }

  @AfterEach
  void restoreOutput() {
    if (previousOutput == null) {
      System.clearProperty(BackprobeExtension.OUTPUT_PROPERTY);
    } else {
      System.setProperty(BackprobeExtension.OUTPUT_PROPERTY, previousOutput);
    }
  }

  /** Run by the engine test kit only (not by surefire: it is not a top-level test class). */
  @BackprobeTest
  static class TrainerTests {

    static Verification verify(TinyMlp net) {
      return Backprobe.model(net)
          .loss(n -> n.loss(TinyMlp.X, TinyMlp.Y))
          .step(n -> n.trainStep(TinyMlp.X, TinyMlp.Y))
          .verify();
    }

    @Test
    void correctTrainer() {
      assertThat(verify(new TinyMlp())).hasNoErrors();
    }

    @Test
    void flippedSign() {
      assertThat(verify(new TinyMlp(TinyMlp.Bug.SIGN_FLIP))).hasNoErrors();
    }

    @Test
    void failsWithoutVerifying() {
      throw new IllegalStateException("the data did not load");
    }
  }

  private static Events run() {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(TrainerTests.class))
        .execute()
        .testEvents();
  }

  @Test
  void should_write_findings_and_trace_for_a_failing_test_without_hiding_its_failure()
      throws Exception {
    // WHEN
    Events events = run();

    // THEN the test's own failure is what JUnit reports
    events.assertThatEvents().haveExactly(1,
        event(test("flippedSign"), finishedWithFailure(instanceOf(AssertionError.class),
            message(m -> m.startsWith("expected no errors, but found 4:")))));
    // and its findings are on disk
    Path folder = output.resolve("TrainerTests.flippedSign");
    FindingsDocument findings = FindingsIO.read(folder.resolve(FindingsIO.FILE_NAME));
    assertThat(findings.findings()).extracting(f -> f.rule()).contains("gradient-sign");
    assertThat(TraceIO.read(folder.resolve(TraceIO.FILE_NAME)).steps()).hasSize(1);
    // and the report, through the renderer service the test class path registers
    assertThat(folder.resolve("report.html")).content()
        .isEqualTo("<html><body>" + findings.findings().size() + " findings for "
            + TinyMlp.class.getName() + "</body></html>");
  }

  @Test
  void should_write_nothing_for_a_passing_test_or_one_that_verified_nothing() {
    Events events = run();

    events.assertStatistics(stats -> stats.succeeded(1).failed(2));
    assertThat(output.resolve("TrainerTests.correctTrainer")).doesNotExist();
    assertThat(output.resolve("TrainerTests.failsWithoutVerifying")).doesNotExist();
    events.assertThatEvents().haveExactly(1,
        event(test("failsWithoutVerifying"),
            finishedWithFailure(message("the data did not load"))));
  }

  @Test
  void should_leave_no_listener_behind_after_a_test() throws Exception {
    run();

    // a verification made now, outside any extension, is not recorded anywhere
    Verification v = TrainerTests.verify(new TinyMlp(TinyMlp.Bug.SIGN_FLIP));
    assertThat(v).hasFinding("gradient-sign");
    try (var files = Files.list(output)) {
      assertThat(files).extracting(p -> p.getFileName().toString())
          .containsExactly("TrainerTests.flippedSign");
    }
  }
}
