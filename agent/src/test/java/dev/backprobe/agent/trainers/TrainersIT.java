package dev.backprobe.agent.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.ForkedJvm;
import dev.backprobe.agent.ForkedJvm.Result;
import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.example.trainers.exits.ExitingTrainer;
import org.example.trainers.flat.FlatNet;
import org.example.trainers.floats.FloatNet;
import org.example.trainers.guard.GuardedNet;
import org.example.trainers.health.HealthNet;
import org.example.trainers.matrix.MatrixNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test trainers under the real {@code -javaagent} (shaded jar, forked JVMs): unchanged output,
 * survival of a throwing loss, reports after {@code System.exit} and an uncaught exception, and a
 * representative subset of the rules end to end through {@code findings.json}.
 */
class TrainersIT {

  @TempDir Path out;

  private static Result java(String agentOptions, Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if (agentOptions != null) {
      command.add(
          "-javaagent:"
              + ForkedJvm.agentJar()
              + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
    }
    command.addAll(List.of("-cp", ForkedJvm.testClasses().toString(), main.getName()));
    command.addAll(List.of(args));
    return ForkedJvm.run(command);
  }

  private FindingsDocument findings() throws Exception {
    return FindingsIO.read(out.resolve(FindingsIO.FILE_NAME));
  }

  private static List<Finding> of(FindingsDocument document, String rule) {
    return document.findings().stream().filter(f -> f.rule().equals(rule)).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // printf with floats at every step
        "org.example.trainers.floats.FloatNet",
        // shuffles its minibatches with its own Random, prints every step
        "org.example.trainers.matrix.MatrixNet",
        // draws a minibatch from its own Random at every step and prints one more draw
        "org.example.trainers.guard.GuardedNet",
        "org.example.trainers.health.HealthNet"
      })
  void should_print_byte_identical_output_when_the_agent_is_attached(String trainer)
      throws Exception {
    Class<?> main = Class.forName(trainer);
    Result without = java(null, main);
    Result withDefaults = java("out=" + out, main);
    Result withAll = java("capture=all,out=" + out.resolve("all"), main);

    assertThat(without.exitCode()).isZero();
    assertThat(without.stdout()).isNotBlank();
    assertThat(withDefaults.exitCode()).isZero();
    assertThat(withDefaults.stdout()).isEqualTo(without.stdout());
    assertThat(withAll.exitCode()).isZero();
    assertThat(withAll.stdout()).isEqualTo(without.stdout());
    assertThat(Files.isRegularFile(out.resolve(FindingsIO.FILE_NAME))).isTrue();
  }

  /** loss= given: discovery would take the per-example dot() (AGENT-GAPS.md R4). */
  private Result guarded() throws Exception {
    return java("loss=" + GuardedNet.class.getName() + "#logLoss,out=" + out, GuardedNet.class);
  }

  @Test
  void should_keep_running_unchanged_when_the_loss_throws_in_replay() throws Exception {
    Result without = java(null, GuardedNet.class);
    Result with = guarded();

    assertThat(with.exitCode()).isZero();
    assertThat(with.stdout()).isEqualTo(without.stdout()).hasLineCount(30);
    assertThat(with.stderr()).doesNotContain("\tat ", "evaluated 3 times in one step\n\tat");
    Trace trace = TraceIO.read(out.resolve(TraceIO.FILE_NAME));
    assertThat(trace.run().loss()).isEqualTo(GuardedNet.class.getName() + "#logLoss");
    // the replay threw, so nothing could be verified
    assertThat(trace.steps().get(0).checks())
        .extracting(c -> c.verdict())
        .containsOnly(dev.backprobe.gradcheck.CheckVerdict.NOT_CHECKED);
  }

  @Test
  void should_report_the_fault_once_when_the_loss_throws_in_replay() throws Exception {
    Result with = guarded();

    Trace trace = TraceIO.read(out.resolve(TraceIO.FILE_NAME));
    assertThat(trace.run().problems())
        .as(with.stderr())
        .isNotNull()
        .anySatisfy(p -> assertThat(p).contains("evaluated 3 times in one step"));
    assertThat(with.stderrLines()).filteredOn(l -> l.contains("evaluated 3 times")).hasSize(1);
  }

  @Test
  void should_write_the_findings_when_the_trainer_calls_system_exit() throws Exception {
    Result result = java("out=" + out, ExitingTrainer.class, "exit");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).hasLineCount(25);
    FindingsDocument document = findings();
    assertThat(document.target().step()).isEqualTo(ExitingTrainer.class.getName() + "#fitStep");
    assertThat(document.steps()).isEqualTo(25);
  }

  @Test
  void should_write_the_findings_when_main_dies_of_an_exception() throws Exception {
    Result result = java("out=" + out, ExitingTrainer.class, "throw");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("the trainer gave up after training");
    FindingsDocument document = findings();
    assertThat(document.target().loss()).isEqualTo(ExitingTrainer.class.getName() + "#fitLoss");
    assertThat(document.steps()).isEqualTo(25);
  }

  @Test
  void should_report_a_climbing_float_update_at_its_step_method() throws Exception {
    Result result = java("out=" + out, FloatNet.class, "flipped");

    assertThat(result.exitCode()).isZero();
    List<Finding> sign = of(findings(), "gradient-sign");
    assertThat(sign)
        .extracting(Finding::subject)
        .contains(FloatNet.class.getName() + ".hiddenWeights", FloatNet.class.getName() + ".outWeights");
    assertThat(sign).allSatisfy(f -> assertThat(f.location().method()).isEqualTo("fitBatch"));
  }

  @Test
  void should_report_the_flat_parameter_vector_whose_bias_gradient_is_assigned() throws Exception {
    Result result = java("out=" + out, FlatNet.class, "assigned");

    assertThat(result.exitCode()).isZero();
    assertThat(of(findings(), "gradient-mismatch"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.subject()).isEqualTo(FlatNet.class.getName() + ".theta");
              assertThat(f.location().method()).isEqualTo("epoch");
            });
  }

  @Test
  void should_report_dead_relu_units_when_the_biases_start_very_negative() throws Exception {
    Result result = java("out=" + out, HealthNet.class, "relu", "negativeBias");

    assertThat(result.exitCode()).isZero();
    assertThat(of(findings(), "dead-relu"))
        .extracting(Finding::subject)
        .contains(HealthNet.class.getName() + "#minibatch:a1");
  }

  @Test
  void should_stay_silent_on_the_correct_matrix_trainer() throws Exception {
    Result result = java("out=" + out, MatrixNet.class, "ok");

    assertThat(result.exitCode()).isZero();
    assertThat(findings().findings())
        .filteredOn(f -> f.severity() == dev.backprobe.findings.Severity.ERROR)
        .isEmpty();
  }
}
