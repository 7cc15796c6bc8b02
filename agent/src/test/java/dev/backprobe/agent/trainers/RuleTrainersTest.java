package dev.backprobe.agent.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.runtime.CapturePolicy;
import dev.backprobe.agent.runtime.Recorder;
import dev.backprobe.agent.trainers.InProcessAgent.Run;
import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ProbeResult;
import org.example.trainers.adam.AdamNet;
import org.example.trainers.cached.EchoRegressor;
import org.example.trainers.deep.DeepNet;
import org.example.trainers.dropout.DropoutRegressor;
import org.example.trainers.flat.FlatNet;
import org.example.trainers.fused.FusedNet;
import org.example.trainers.fused.FusedReluNet;
import org.example.trainers.floats.FloatNet;
import org.example.trainers.grid.Grid;
import org.example.trainers.grid.GridNet;
import org.example.trainers.health.HealthNet;
import org.example.trainers.inner.OuterNet;
import org.example.trainers.inner.StaticLogistic;
import org.example.trainers.jagged.LayerwiseNet;
import org.example.trainers.late.SparseReport;
import org.example.trainers.layers.LayerNet;
import org.example.trainers.leak.LeakyNet;
import org.example.trainers.matrix.MatrixNet;
import org.example.trainers.minibatch.BatchScaled;
import org.example.trainers.momentum.MomentumNet;
import org.example.trainers.nan.NanChain;
import org.example.trainers.online.ErrorFirst;
import org.example.trainers.optim.SplitAdam;
import org.example.trainers.optim.VelocityStack;
import org.example.trainers.perexample.OnlineMlp;
import org.example.trainers.regression.LinearFit;
import org.example.trainers.regression.ReluRegressor;
import org.example.trainers.selfloss.SelfScoringNet;
import org.example.trainers.statics.RecordRegression;
import org.example.trainers.table.TableNet;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each rule on a small trainer written for it: it fires on the twin with the injected bug, naming
 * the right tensor or method and a line inside the right method, and stays silent on the correct
 * twin. Trainers run in-process through the real transformer and recorder ({@link
 * InProcessAgent}); see {@code agent/AGENT-GAPS.md} for every disabled test.
 */
class RuleTrainersTest {

  private static final String GAPS = " — see agent/AGENT-GAPS.md";

  private static Recorder.Settings given(Class<?> c, String step, String loss) {
    return new Recorder.Settings(
        step == null ? null : c.getName() + "#" + step,
        loss == null ? null : c.getName() + "#" + loss,
        CapturePolicy.log(),
        1.0);
  }

  /** Asserts that {@code rule} reported {@code subject} at a line inside {@code method}. */
  private static void assertFires(Run run, String rule, String subject, String method) {
    assertThat(run.of(rule))
        .as(run.describe())
        .anySatisfy(
            f -> {
              assertThat(f.subject()).isEqualTo(subject);
              assertThat(f.location()).isNotNull();
              assertThat(f.location().method()).isEqualTo(method);
              assertThat(f.location().line()).isPositive();
            });
  }

  private static void assertSilent(Run run, String rule) {
    assertThat(run.of(rule)).as(run.describe()).isEmpty();
  }

  /** What probing found each function to compute. */
  private static java.util.Map<String, ActivationKind> probedAs(Run run) {
    java.util.Map<String, ActivationKind> kinds = new java.util.LinkedHashMap<>();
    for (ProbeResult p : run.trace().probes()) {
      if (p.activation() != null) {
        kinds.put(p.method(), p.activation());
      }
    }
    return kinds;
  }

  private static void assertNoGradientError(Run run) {
    assertSilent(run, "gradient-sign");
    assertSilent(run, "gradient-mismatch");
  }

  @Nested
  class FloatWeights {
    private final String net = FloatNet.class.getName();

    @Test
    void should_discover_fitBatch_and_cost_and_find_nothing_when_the_trainer_is_correct() {
      Run run = InProcessAgent.run(FloatNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(net + "#fitBatch");
      assertThat(run.trace().run().loss()).isEqualTo(net + "#cost");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_sign_on_every_float_tensor_when_the_error_is_flipped() {
      Run run = InProcessAgent.run(FloatNet.class, "flipped");

      assertFires(run, "gradient-sign", net + ".hiddenWeights", "fitBatch");
      assertFires(run, "gradient-sign", net + ".outWeights", "fitBatch");
    }
  }

  @Nested
  class CachedActivations {
    private final String net = EchoRegressor.class.getName();

    @Test
    void should_take_the_weight_update_as_the_step_when_the_loss_caches_the_same_activations_first() {
      Run run = InProcessAgent.run(EchoRegressor.class, "ok");

      assertThat(run.trace().run().step()).as(run.describe()).isEqualTo(net + "#adjust");
      assertThat(run.trace().run().stepReason()).contains(net + "#infer");
      assertThat(run.trace().run().loss()).isEqualTo(net + "#error");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_sign_on_the_output_weights_only_when_their_update_climbs() {
      Run run = InProcessAgent.run(EchoRegressor.class, "climb");

      assertFires(run, "gradient-sign", net + ".weightsOut", "adjust");
      assertThat(run.of("gradient-sign"))
          .as(run.describe())
          .noneSatisfy(f -> assertThat(f.subject()).isEqualTo(net + ".weightsIn"));
    }
  }

  @Nested
  class LeakySlope {
    private final String net = LeakyNet.class.getName();

    @Test
    void should_find_nothing_when_the_derivative_leaks_like_the_forward_pass() {
      Run run = InProcessAgent.run(LeakyNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(net + "#descend");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_report_derivative_mismatch_when_the_derivative_leaks_with_another_slope() {
      Run run = InProcessAgent.run(LeakyNet.class, "slope");

      assertThat(run.of("derivative-mismatch"))
          .as(run.describe())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo(net + "#gradLeakTypo");
                assertThat(f.message()).contains("slope 0.3").contains("slope 0.1");
              });
    }
  }

  @Nested
  class InlineSoftmaxOnATableClass {
    private final String net = TableNet.class.getName();

    @Test
    void should_find_nothing_when_the_softmax_normalises_each_example() {
      Run run = InProcessAgent.run(TableNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(net + "#learn");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_report_softmax_shape_at_the_scoring_method_when_the_columns_are_normalised() {
      Run run = InProcessAgent.run(TableNet.class, "columns");

      // named where the trainer keeps the probabilities (p = scores(h)), at that line
      assertFires(run, "softmax-shape", net + "#learn:p", "learn");
    }
  }

  @Nested
  class InlineActivationsInJaggedArrays {
    private final String net = LayerwiseNet.class.getName();

    @Test
    void should_see_each_layer_of_the_jagged_arrays_as_a_sigmoid_and_find_nothing_when_correct() {
      Run run = InProcessAgent.run(LayerwiseNet.class, "ok");

      assertThat(run.findings()).as(run.describe()).isEmpty();
      dev.backprobe.trace.StepTrace last = run.trace().steps().get(run.trace().steps().size() - 1);
      assertThat(last.tensors())
          .filteredOn(t -> "sigmoid".equals(t.kind()))
          .extracting(t -> t.name())
          .containsExactly(net + "#step:outs[1]", net + "#step:outs[2]");
    }

    @Test
    void should_report_derivative_mismatch_when_the_derivative_is_fed_the_pre_activations() {
      Run run = InProcessAgent.run(LayerwiseNet.class, "fedSums");

      assertThat(run.of("derivative-mismatch"))
          .as(run.describe())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo(net + "#slopeFromOutput");
                assertThat(f.message()).contains("pre-activation");
              });
    }

    @Test
    void should_report_derivative_mismatch_when_the_derivative_has_its_sign_flipped() {
      Run run = InProcessAgent.run(LayerwiseNet.class, "flipped");

      assertThat(run.of("derivative-mismatch"))
          .as(run.describe())
          .anySatisfy(f -> assertThat(f.subject()).isEqualTo(net + "#slopeFlipped"));
    }
  }

  @Nested
  class StaticMethodsOverARecord {
    private final String net = RecordRegression.class.getName();

    @Test
    void should_take_the_record_argument_as_the_model_and_find_nothing_when_correct() {
      Run run = InProcessAgent.run(RecordRegression.class, "ok");

      assertThat(run.trace().run().step()).as(run.describe()).isEqualTo(net + "#gradientStep");
      assertThat(run.trace().run().loss()).isEqualTo(net + "#squaredError");
      assertThat(run.trace().steps().get(0).tensors())
          .filteredOn(t -> t.role() == dev.backprobe.trace.TensorRole.PARAMETER)
          .extracting(t -> t.name())
          .containsExactly(
              net + "$Weights.hidden", net + "$Weights.hiddenBias", net + "$Weights.out",
              net + "$Weights.outBias");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_sign_on_the_record_output_weights_when_they_climb() {
      Run run = InProcessAgent.run(RecordRegression.class, "climb");

      assertFires(run, "gradient-sign", net + "$Weights.out", "gradientStep");
    }
  }

  @Nested
  class Dropout {
    private final String net = DropoutRegressor.class.getName();

    @Test
    void should_read_a_dropout_step_as_stochastic_and_report_no_gradient_error_when_correct() {
      Run run = InProcessAgent.run(
          given(DropoutRegressor.class, "trainBatch", "meanSquaredError"),
          DropoutRegressor.class, "ok");

      assertThat(run.trace().run().updateModel()).as(run.describe()).isEqualTo("stochastic");
      assertNoGradientError(run);
    }

    @Test
    void should_still_report_gradient_sign_on_the_output_weights_when_they_climb_at_every_step() {
      Run run = InProcessAgent.run(
          given(DropoutRegressor.class, "trainBatch", "meanSquaredError"),
          DropoutRegressor.class, "climb");

      assertFires(run, "gradient-sign", net + ".outer", "trainBatch");
      assertThat(run.of("gradient-sign"))
          .as(run.describe())
          .noneSatisfy(f -> assertThat(f.subject()).isEqualTo(net + ".inner"));
    }
  }

  @Nested
  class FlatParameterVector {
    private final String net = FlatNet.class.getName();

    @Test
    void should_discover_epoch_and_objective_and_find_nothing_when_the_trainer_is_correct() {
      Run run = InProcessAgent.run(FlatNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(net + "#epoch");
      assertThat(run.trace().run().loss()).isEqualTo(net + "#objective");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_mismatch_on_theta_when_a_bias_gradient_is_assigned() {
      Run run = InProcessAgent.run(FlatNet.class, "assigned");

      assertFires(run, "gradient-mismatch", net + ".theta", "epoch");
      assertSilent(run, "gradient-sign");
    }
  }

  @Nested
  class MatrixClass {
    private final String net = MatrixNet.class.getName();

    @Test
    void should_discover_trainOn_and_crossEntropy() {
      Run run = InProcessAgent.run(MatrixNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(net + "#trainOn");
      assertThat(run.trace().run().loss()).isEqualTo(net + "#crossEntropy");
    }

    @Test
    void should_find_the_parameters_inside_matrix_objects_when_the_step_is_given() {
      Run run = InProcessAgent.run(given(MatrixNet.class, "trainOn", null), MatrixNet.class, "ok");

      assertThat(run.trace().steps().get(0).checks())
          .extracting(c -> c.tensor())
          .containsExactlyInAnyOrder(net + ".w1", net + ".b1", net + ".w2", net + ".b2");
    }

    @Test
    void should_report_softmax_shape_when_the_softmax_normalises_the_whole_matrix() {
      Run bug =
          InProcessAgent.run(
              given(MatrixNet.class, "trainOn", "crossEntropy"), MatrixNet.class, "whole");
      Run ok =
          InProcessAgent.run(
              given(MatrixNet.class, "trainOn", "crossEntropy"), MatrixNet.class, "ok");

      assertThat(bug.trace().run().loss()).isEqualTo(net + "#crossEntropy");
      assertThat(bug.of("softmax-shape")).as(bug.describe()).isNotEmpty();
      assertSilent(ok, "softmax-shape");
      assertNoGradientError(ok);
    }

    @Test
    void should_probe_relu_and_a_row_softmax_through_the_matrix_class_when_the_trainer_is_correct() {
      Run ok =
          InProcessAgent.run(
              given(MatrixNet.class, "trainOn", "crossEntropy"), MatrixNet.class, "ok");

      assertThat(probedAs(ok))
          .containsEntry(net + "#relu", ActivationKind.RELU)
          .containsEntry(net + "#softmax", ActivationKind.SOFTMAX_ROWS);
      // probed after the first captured step that passed it a matrix: known from the next one on
      assertThat(ok.trace().steps().subList(1, ok.trace().steps().size()))
          .flatMap(s -> s.tensors())
          .filteredOn(t -> t.name().equals(net + "#trainOn:probabilities"))
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.kind()).isEqualTo(ActivationKind.SOFTMAX_ROWS.id()));
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
    }

    @Test
    void should_leave_the_trainer_output_unchanged_when_matrix_functions_are_probed() {
      Run bug = InProcessAgent.run(MatrixNet.class, "whole");

      assertThat(bug.stdout()).isEqualTo(InProcessAgent.plain(MatrixNet.class, "whole"));
      assertThat(bug.problems()).noneMatch(p -> p.contains("probe"));
    }
  }

  @Nested
  class GridClass {
    private final String net = GridNet.class.getName();

    @Test
    void should_report_saturation_on_the_hidden_grid_when_raw_inputs_pin_its_sigmoid() {
      Run run = InProcessAgent.run(GridNet.class, "rawInputs");

      assertThat(probedAs(run))
          .containsEntry(Grid.class.getName() + "#sigmoid", ActivationKind.SIGMOID);
      assertFires(run, "saturation", net + "#minibatch:hidden", "minibatch");
      assertThat(run.stdout()).isEqualTo(InProcessAgent.plain(GridNet.class, "rawInputs"));
    }

    @Test
    void should_find_nothing_when_the_grid_trainer_is_correct() {
      Run run = InProcessAgent.run(GridNet.class, "ok");

      assertThat(probedAs(run))
          .containsEntry(Grid.class.getName() + "#sigmoid", ActivationKind.SIGMOID)
          .containsEntry(Grid.class.getName() + "#softmax", ActivationKind.SOFTMAX_ROWS)
          .containsEntry(net + "#squash", ActivationKind.SIGMOID);
      assertThat(run.findings()).as(run.describe()).isEmpty();
      // squash counts its calls in the network: probing it on test grids restored the count
      assertThat(run.stdout()).isEqualTo(InProcessAgent.plain(GridNet.class, "ok"));
      assertThat(run.problems()).isEmpty();
    }
  }

  @Nested
  class FusedLoops {
    private final String net = FusedNet.class.getName();

    /** The kind each tensor of the last captured step was given, by name. */
    private java.util.Map<String, String> kinds(Run run) {
      java.util.Map<String, String> kinds = new java.util.LinkedHashMap<>();
      var steps = run.trace().steps();
      steps.get(steps.size() - 1).tensors().forEach(t -> kinds.put(t.name(), t.kind()));
      return kinds;
    }

    @Test
    void should_give_activations_computed_in_the_summing_loop_the_kind_of_their_function() {
      Run run = InProcessAgent.run(FusedNet.class, "ok");

      assertThat(kinds(run))
          .as(run.describe())
          .containsEntry(net + "#learn:h", "sigmoid")
          .containsEntry(net + "#learn:y", "sigmoid");
      assertSilent(run, "saturation");
      assertSilent(run, "derivative-mismatch");
      assertNoGradientError(run);
    }

    @Test
    void should_report_saturation_on_a_fused_sigmoid_layer_started_from_huge_weights() {
      Run run = InProcessAgent.run(FusedNet.class, "saturated");

      assertFires(run, "saturation", net + "#learn:h", "learn");
    }

    @Test
    void should_report_dead_relu_on_a_fused_relu_layer_whose_biases_start_far_below_zero() {
      String relu = FusedReluNet.class.getName();
      Run ok = InProcessAgent.run(FusedReluNet.class, "ok");
      Run dead = InProcessAgent.run(FusedReluNet.class, "dead");

      assertThat(kinds(ok)).as(ok.describe()).containsEntry(relu + "#learn:h", "relu");
      assertSilent(ok, "dead-relu");
      assertFires(dead, "dead-relu", relu + "#learn:h", "learn");
    }

    @Test
    void should_report_dead_relu_on_a_layer_that_dies_entirely_after_training_well() {
      // every unit at 0 shows no ReLU shape (no positive piece): the kind seen at steps 1-10 is
      // lent to the same array at the later captured steps
      String relu = FusedReluNet.class.getName();
      Run dies = InProcessAgent.run(FusedReluNet.class, "dies");

      assertFires(dies, "dead-relu", relu + "#learn:h", "learn");
      assertThat(dies.of("dead-relu"))
          .anySatisfy(f -> assertThat(f.message()).contains("every one of the 16 ReLU units"));
    }

    @Test
    void should_report_derivative_mismatch_when_the_input_derivative_is_fed_fused_activations()
        throws java.io.IOException {
      Run run = InProcessAgent.run(FusedNet.class, "fedOutput");

      // the call site is the line that calls it, not the caller's last array store above it
      int callLine = lineOf("org/example/trainers/fused/FusedNet.java", "sigmoidPrime(h[n][j])");
      assertThat(run.of("derivative-mismatch"))
          .as(run.describe())
          .anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo(net + "#sigmoidPrime");
            assertThat(f.evidence()).containsEntry("callSite", "FusedNet.java:" + callLine);
          });
    }

    /** The 1-based line of a test trainer's source that contains {@code text}. */
    private int lineOf(String source, String text) throws java.io.IOException {
      java.util.List<String> lines =
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/java", source));
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return i + 1;
        }
      }
      throw new AssertionError(text + " is not in " + source);
    }
  }

  @Nested
  class ListOfLayers {
    private final String net = LayerNet.class.getName();

    @Test
    void should_discover_learn_and_errorOf_and_find_nothing_when_the_trainer_is_correct() {
      Run run = InProcessAgent.run(LayerNet.class, "ok");

      assertThat(run.trace().run().loss()).isEqualTo(net + "#errorOf");
      assertThat(run.findings()).as(run.describe()).isEmpty();
    }

    @Test
    void should_verify_every_layer_of_the_list_when_the_loss_is_given() {
      Run run = InProcessAgent.run(given(LayerNet.class, null, "errorOf"), LayerNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(net + "#learn");
      assertNoGradientError(run);
      assertThat(run.trace().steps().get(0).checks())
          .extracting(c -> c.tensor())
          .contains(net + ".layers[0].weights", net + ".layers[2].bias");
    }

    @Test
    void should_report_the_hidden_updates_when_the_derivative_is_fed_the_output() {
      Run run =
          InProcessAgent.run(given(LayerNet.class, null, "errorOf"), LayerNet.class, "fedOutput");

      assertFires(run, "gradient-mismatch", net + ".layers[0].weights", "learn");
      assertFires(run, "gradient-mismatch", net + ".layers[1].weights", "learn");
    }

    @Test
    void should_report_derivative_mismatch_on_slope_when_it_is_fed_the_output() {
      Run bug =
          InProcessAgent.run(given(LayerNet.class, null, "errorOf"), LayerNet.class, "fedOutput");
      Run ok = InProcessAgent.run(given(LayerNet.class, null, "errorOf"), LayerNet.class, "ok");

      assertThat(bug.of("derivative-mismatch"))
          .as(bug.describe())
          .anySatisfy(f -> assertThat(f.subject()).isEqualTo(net + "#slope"));
      assertSilent(ok, "derivative-mismatch");
    }
  }

  @Nested
  class Optimizers {

    @Test
    void should_discover_train_and_loss_of_a_momentum_trainer() {
      Run run = InProcessAgent.run(MomentumNet.class, "ok");

      assertThat(run.trace().run().step()).isEqualTo(MomentumNet.class.getName() + "#train");
      assertThat(run.trace().run().updateModel()).isEqualTo("momentum");
      assertNoGradientError(run);
    }

    @Test
    void should_verify_the_steps_before_a_given_loss_that_runs_once_per_epoch() {
      Recorder.Settings settings = given(MomentumNet.class, "train", "loss");
      Run ok = InProcessAgent.run(settings, MomentumNet.class, "ok");
      Run bug = InProcessAgent.run(settings, MomentumNet.class, "plusVelocity");

      assertThat(ok.trace().run().loss()).isEqualTo(MomentumNet.class.getName() + "#loss");
      assertThat(ok.problems()).isEmpty();
      assertThat(ok.trace().steps().get(0).step()).isEqualTo(1);
      assertThat(ok.trace().steps().get(0).checks())
          .as(ok.describe())
          .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(CheckVerdict.AGREES));
      assertThat(ok.trace().run().updateModel()).isEqualTo("momentum");
      assertFires(bug, "gradient-sign", MomentumNet.class.getName() + ".w1", "train");
    }

    @Test
    void should_report_no_gradient_error_on_correct_momentum_and_a_climb_on_its_twin() {
      Recorder.Settings settings = given(MomentumNet.class, "train", "loss");
      Run ok = InProcessAgent.run(settings, MomentumNet.class, "ok");
      Run bug = InProcessAgent.run(settings, MomentumNet.class, "plusVelocity");

      assertNoGradientError(ok);
      assertFires(bug, "gradient-sign", MomentumNet.class.getName() + ".w1", "train");
    }

    @Test
    void should_report_no_gradient_error_when_adam_is_correct() {
      Run run = InProcessAgent.run(AdamNet.class, "ok");

      assertThat(run.trace().run().updateModel()).isEqualTo("adaptive");
      assertNoGradientError(run);
    }

    @Test
    void should_report_no_gradient_error_on_minibatch_momentum_whose_velocities_sit_in_the_layers() {
      Run run =
          InProcessAgent.run(given(VelocityStack.class, "fit", "squaredError"), VelocityStack.class);

      assertThat(run.trace().run().updateModel()).as(run.describe()).isEqualTo("momentum");
      assertNoGradientError(run);
      assertOnlyParametersChecked(run, "Velocity", "stack[0].kernel", "stack[2].bias");
      // steps 5, 10, … are judged too: Δθₜ₋₁ is copied around the step before each capture
      assertThat(
              run.trace().steps().stream()
                  .filter(s -> s.step() > 3)
                  .flatMap(s -> s.checks().stream())
                  .map(c -> c.verdict())
                  .toList())
          .as(run.describe())
          .isNotEmpty()
          .allMatch(v -> v == CheckVerdict.AGREES);
    }

    @Test
    void should_report_gradient_sign_on_the_one_layer_whose_velocity_climbs() {
      String net = VelocityStack.class.getName();
      Run run =
          InProcessAgent.run(
              given(VelocityStack.class, "fit", "squaredError"), VelocityStack.class,
              "flippedMiddle");

      assertThat(run.trace().run().updateModel()).as(run.describe()).isEqualTo("momentum");
      assertFires(run, "gradient-sign", net + ".stack[1].kernel", "fit");
      assertThat(run.of("gradient-sign"))
          .as(run.describe())
          .anySatisfy( // later steps are judged on Δθₜ − β·Δθₜ₋₁ and climb as well
              f -> assertThat(String.valueOf(f.evidence().get("seenAtSteps"))).contains("2, 3, 5"))
          .allSatisfy(f -> assertThat(f.subject()).startsWith(net + ".stack[1]."));
      assertSilent(run, "gradient-mismatch");
    }

    @Test
    void should_report_gradient_mismatch_on_the_bias_the_momentum_step_never_updates() {
      String net = VelocityStack.class.getName();
      Run run =
          InProcessAgent.run(
              given(VelocityStack.class, "fit", "squaredError"), VelocityStack.class,
              "frozenMiddleBias");

      assertThat(run.trace().run().updateModel()).as(run.describe()).isEqualTo("momentum");
      assertFires(run, "gradient-mismatch", net + ".stack[1].bias", "fit");
      assertThat(run.findings())
          .as(run.describe())
          .filteredOn(f -> f.rule().startsWith("gradient-"))
          .allSatisfy(f -> assertThat(f.subject()).isEqualTo(net + ".stack[1].bias"));
      // its velocity, as still as the bias but ignored by the loss, stays state
      assertOnlyParametersChecked(run, "Velocity", "stack[1].bias");
    }

    @Test
    void should_report_no_gradient_error_on_minibatch_adam_with_moments_in_objects_of_the_weights_class() {
      Run run = InProcessAgent.run(given(SplitAdam.class, "update", "cost"), SplitAdam.class);

      assertThat(run.trace().run().updateModel()).as(run.describe()).isEqualTo("adaptive");
      assertNoGradientError(run);
      assertOnlyParametersChecked(run, "adam.", "weights.hidden", "weights.headBias");
    }

    @Test
    void should_report_no_gradient_error_on_minibatch_adam_when_a_tensor_is_checked_along_directions() {
      Run run =
          InProcessAgent.run(given(SplitAdam.class, "update", "cost"), SplitAdam.class, "ok", "16");

      // step 1 of every tensor is judged as an adaptive first step, the directional one too
      assertThat(run.trace().steps().get(0).checks())
          .as(run.describe())
          .anySatisfy(c -> assertThat(c.mode()).isEqualTo(dev.backprobe.gradcheck.CheckMode.DIRECTIONS))
          .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(CheckVerdict.AGREES));
      assertThat(run.trace().run().updateModel()).as(run.describe()).isEqualTo("adaptive");
      assertNoGradientError(run);
    }

    @Test
    void should_report_gradient_sign_on_the_head_when_its_adam_step_is_added() {
      String net = SplitAdam.class.getName();
      Run run =
          InProcessAgent.run(given(SplitAdam.class, "update", "cost"), SplitAdam.class, "ascentHead");

      assertFires(run, "gradient-sign", net + ".weights.head", "update");
      assertThat(run.of("gradient-sign"))
          .as(run.describe())
          .allSatisfy(f -> assertThat(f.subject()).startsWith(net + ".weights.head"));
    }

    /**
     * The checks name the given parameters and never the optimizer state (fields whose path, after
     * the class name, holds {@code state}).
     */
    private void assertOnlyParametersChecked(Run run, String state, String... parameters) {
      String main = run.trace().run().main();
      java.util.List<String> checked =
          run.trace().steps().stream()
              .flatMap(s -> s.checks().stream())
              .map(c -> c.tensor().substring(c.tensor().indexOf('.', main.length())))
              .distinct()
              .toList();
      assertThat(checked).as(run.describe()).noneMatch(t -> t.contains(state));
      for (String p : parameters) {
        assertThat(checked).as(run.describe()).anyMatch(t -> t.endsWith("." + p));
      }
    }

    @Test
    void should_report_gradient_sign_when_the_adam_step_is_added() {
      Run run = InProcessAgent.run(AdamNet.class, "ascent");

      assertThat(run.trace().run().step()).isEqualTo(AdamNet.class.getName() + "#optimise");
      assertThat(run.trace().run().loss())
          .isEqualTo(AdamNet.class.getName() + "#meanSquaredError");
      assertFires(run, "gradient-sign", AdamNet.class.getName() + ".weightsIn", "optimise");
    }
  }

  @Nested
  class TrainingHealth {
    private final String health = HealthNet.class.getName();

    @Test
    void should_find_nothing_on_the_correct_sigmoid_and_relu_nets() {
      assertThat(InProcessAgent.run(HealthNet.class, "sigmoid", "ok").findings()).isEmpty();
      assertThat(InProcessAgent.run(HealthNet.class, "relu", "ok").findings()).isEmpty();
    }

    @Test
    void should_report_saturation_when_raw_inputs_pin_the_first_sigmoid_layer() {
      Run run = InProcessAgent.run(HealthNet.class, "sigmoid", "rawInputs");

      assertFires(run, "saturation", health + "#minibatch:a1", "minibatch");
      assertNoGradientError(run);
    }

    @Test
    void should_report_dead_relu_when_the_hidden_biases_start_at_minus_six() {
      Run run = InProcessAgent.run(HealthNet.class, "relu", "negativeBias");

      assertFires(run, "dead-relu", health + "#minibatch:a1", "minibatch");
      assertFires(run, "dead-relu", health + "#minibatch:a2", "minibatch");
    }

    @Test
    void should_report_exploding_weights_when_the_summed_gradient_has_no_learning_rate() {
      Run run = InProcessAgent.run(HealthNet.class, "sigmoid", "summed");

      assertFires(run, "exploding-weights", health + ".weights[2]", "minibatch");
      assertNoGradientError(run);
    }

    @Test
    void should_report_softmax_shape_when_the_softmax_normalises_the_whole_batch() {
      Run run = InProcessAgent.run(HealthNet.class, "sigmoid", "wholeSoftmax");

      assertThat(run.of("softmax-shape")).as(run.describe()).singleElement()
          .satisfies(f -> assertThat(f.location().method()).isIn("minibatch", "softmax"));
    }

    @Test
    void should_report_tiny_update_when_the_learning_rate_is_1e_9_on_minibatches() {
      Run run = InProcessAgent.run(HealthNet.class, "sigmoid", "tinyRate");

      assertThat(run.of("tiny-update")).as(run.describe()).isNotEmpty();
    }

    @Test
    void should_report_tiny_update_when_the_learning_rate_is_1e_9() {
      Run run = InProcessAgent.run(DeepNet.class, "tanh", "30", "1e-9");

      assertThat(run.of("tiny-update")).as(run.describe()).isNotEmpty();
    }

    @Test
    void should_report_vanishing_gradient_on_the_first_layer_of_a_deep_sigmoid_net() {
      Run run = InProcessAgent.run(DeepNet.class, "sigmoid");

      assertFires(run, "vanishing-gradient", DeepNet.class.getName() + ".w[0]", "descend");
      assertNoGradientError(run);
    }

    @Test
    void should_stay_silent_on_vanishing_gradient_when_the_deep_net_uses_tanh() {
      assertSilent(InProcessAgent.run(DeepNet.class, "tanh"), "vanishing-gradient");
    }
  }

  @Nested
  class LossAndOutput {

    @Test
    void should_discover_residualSquares_as_the_loss() {
      Run run = InProcessAgent.run(LinearFit.class, "ok");

      assertThat(run.trace().run().loss()).isEqualTo(LinearFit.class.getName() + "#residualSquares");
    }

    @Test
    void should_report_loss_divergence_when_the_learning_rate_overshoots() {
      Recorder.Settings settings = given(LinearFit.class, null, "residualSquares");
      Run bug = InProcessAgent.run(settings, LinearFit.class, "overshoot");
      Run ok = InProcessAgent.run(settings, LinearFit.class, "ok");

      assertThat(bug.of("loss-divergence"))
          .as(bug.describe())
          .singleElement()
          .satisfies(
              f -> assertThat(f.subject()).isEqualTo(LinearFit.class.getName() + "#residualSquares"));
      assertSilent(ok, "loss-divergence");
      assertNoGradientError(ok);
    }

    @Test
    void should_report_nan_inf_at_the_step_when_adam_forgets_to_square_the_gradient() {
      Run run = InProcessAgent.run(AdamNet.class, "unsquared");

      assertThat(run.of("nan-inf"))
          .as(run.describe())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).startsWith(AdamNet.class.getName());
                assertThat(f.location().method()).isEqualTo("optimise");
                assertThat(f.step()).isEqualTo(1);
              });
      assertSilent(InProcessAgent.run(AdamNet.class, "ok"), "nan-inf");
    }

    @Test
    void should_take_a_loss_first_called_long_after_the_step_was_chosen() {
      String model = SparseReport.class.getName();
      Run ok = InProcessAgent.run(SparseReport.class, "ok");
      Run climb = InProcessAgent.run(SparseReport.class, "climb");

      assertThat(ok.trace().run().loss()).as(ok.describe()).isEqualTo(model + "#cost");
      assertThat(ok.trace().run().lossReason()).contains("after the step");
      assertNoGradientError(ok);
      assertFires(climb, "gradient-sign", model + ".theta", "improve");
      // the steps captured before the loss's first call (step 100), step 1 included, waited for
      // it and were verified on their own snapshots
      assertThat(ok.trace().steps())
          .filteredOn(s -> s.step() < 100)
          .anySatisfy(s -> assertThat(s.step()).isEqualTo(1))
          .isNotEmpty()
          .allSatisfy(
              s ->
                  assertThat(s.checks())
                      .as("step %d", s.step())
                      .isNotEmpty()
                      .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(CheckVerdict.AGREES)));
      assertThat(climb.of("gradient-sign")).extracting(Finding::step).containsExactly(1);
    }

    @Test
    void should_take_the_batch_step_over_a_per_example_forward_pass_that_caches_in_layers() {
      String net = OnlineMlp.class.getName();
      Run ok = InProcessAgent.run(OnlineMlp.class, "ok");
      Run climb = InProcessAgent.run(OnlineMlp.class, "climb");

      assertThat(ok.trace().run().step()).as(ok.describe()).isEqualTo(net + "#fitBatch");
      assertThat(ok.trace().run().loss()).isEqualTo(net + "#meanError");
      assertNoGradientError(ok);
      assertThat(climb.of("gradient-sign"))
          .as(climb.describe())
          .anySatisfy(f -> assertThat(f.subject()).contains("kernel"));
    }

    @Test
    void should_report_nan_inf_where_the_nan_was_made_not_where_it_spread() {
      // the hidden layer's log makes the NaN; the four arrays computed from it are NaN as well,
      // and the step's arrays were once listed in identity-hash order, naming any of them
      Run run = InProcessAgent.run(NanChain.class, "log");

      assertThat(run.of("nan-inf"))
          .as(run.describe())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo(NanChain.class.getName() + "#hidden:h");
                assertThat(f.location().method()).isEqualTo("hidden");
                // step 1 runs before it is known to be the step: its arrays are not traced
                assertThat(f.step()).isEqualTo(2);
              });
      assertSilent(InProcessAgent.run(NanChain.class, "ok"), "nan-inf");
    }

    @Test
    void should_report_output_activation_when_a_relu_caps_a_regression_output() {
      Run run = InProcessAgent.run(ReluRegressor.class, "reluOut");

      assertFires(
          run, "output-activation", ReluRegressor.class.getName() + "#regress:out", "regress");
      assertThat(run.findings())
          .filteredOn(f -> f.severity() == Severity.ERROR)
          .allSatisfy(f -> assertThat(f.rule()).isEqualTo("output-activation"));
    }

    @Test
    void should_stay_silent_when_the_regression_output_is_linear() {
      assertSilent(InProcessAgent.run(ReluRegressor.class, "ok"), "output-activation");
    }
  }

  @Nested
  class LossBeforeTheStep {
    private final String model = ErrorFirst.class.getName();

    @Test
    void should_replay_the_error_on_the_example_the_step_learns_from() {
      // the error of example n is measured before learn(x[n], t[n], rate); the error call after
      // the step is example n + 1's, and replaying that one made every tensor look uphill
      Run ok = InProcessAgent.run(ErrorFirst.class, "ok");

      assertThat(ok.trace().run().step()).as(ok.describe()).isEqualTo(model + "#learn");
      assertThat(ok.trace().run().loss()).isEqualTo(model + "#squaredError");
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_sign_on_the_hidden_biases_alone_when_their_update_climbs() {
      Run climb = InProcessAgent.run(ErrorFirst.class, "climbingBias");

      assertFires(climb, "gradient-sign", model + ".innerBias", "learn");
      assertThat(climb.of("gradient-sign"))
          .as(climb.describe())
          .allSatisfy(f -> assertThat(f.subject()).isEqualTo(model + ".innerBias"));
    }
  }

  @Nested
  class StepOnAnotherClass {
    private final String model = OuterNet.class.getName();

    @Test
    void should_train_the_enclosing_net_of_an_inner_class_step() {
      // the model walk skips the compiler's synthetic this$0: the step reached no parameter
      Run ok = InProcessAgent.run(OuterNet.class);

      assertThat(ok.trace().run().step()).as(ok.describe()).isEqualTo(model + "$Trainer#step");
      assertThat(ok.trace().run().loss()).isEqualTo(model + "#loss");
      assertThat(ok.trace().steps().get(0).checks())
          .extracting(c -> c.tensor())
          .containsExactlyInAnyOrder(model + ".hidden", model + ".output");
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_sign_through_an_inner_class_step() {
      Run climbing = InProcessAgent.run(OuterNet.class, "climbing");

      assertFires(climbing, "gradient-sign", model + ".output", "step");
    }

    @Test
    void should_train_the_net_an_anonymous_class_captured() {
      Run climbing = InProcessAgent.run(OuterNet.class, "anonymous", "climbing");

      assertThat(climbing.trace().run().step()).as(climbing.describe()).isEqualTo(model + "$1#run");
      assertFires(climbing, "gradient-sign", model + ".output", "run");
      assertThat(InProcessAgent.run(OuterNet.class, "anonymous").findings()).isEmpty();
    }
  }

  @Nested
  class StaticWeightsOfAnAnonymousStep {
    private final String model = StaticLogistic.class.getName();

    @Test
    void should_take_the_enclosing_class_s_static_loss_printed_later() {
      Run ok = InProcessAgent.run(StaticLogistic.class, "ok");

      assertThat(ok.trace().run().step()).as(ok.describe()).isEqualTo(model + "$1#run");
      assertThat(ok.trace().run().loss()).isEqualTo(model + "#bce");
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
      assertFires(InProcessAgent.run(StaticLogistic.class, "climbing"), "gradient-sign",
          model + ".weights", "run");
    }

    @Test
    void should_take_a_lambda_as_the_step() {
      // a lambda's body is a synthetic method (lambda$main$N), once not instrumented: no step
      Run ok = InProcessAgent.run(StaticLogistic.class, "okLambda");
      Run climbing = InProcessAgent.run(StaticLogistic.class, "climbingLambda");

      assertThat(ok.trace().run().step()).as(ok.describe()).startsWith(model + "#lambda$main$");
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
      assertThat(climbing.of("gradient-sign"))
          .as(climbing.describe())
          .anySatisfy(f -> assertThat(f.subject()).isEqualTo(model + ".weights"));
    }

    @Test
    void should_read_a_minibatch_step_against_a_whole_data_loss_as_stochastic() {
      // each step follows 6 of the 60 examples that bce() measures: cosines 0.39, 0.81, 0.52 at
      // steps 1-3 were three gradient-mismatch errors on a correct trainer
      Run ok = InProcessAgent.run(StaticLogistic.class, "okMinibatch");
      Run climbing = InProcessAgent.run(StaticLogistic.class, "climbingMinibatch");

      assertThat(ok.trace().run().updateModel()).as(ok.describe()).isEqualTo("stochastic");
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
      assertFires(climbing, "gradient-sign", model + ".weights", "run");
    }

    @Test
    void should_call_float_updates_below_the_storage_resolution_tiny_not_wrong() {
      // w -= 1e-9f * g leaves most weights unchanged: Δθ is the rounding's pattern
      Run tiny = InProcessAgent.run(StaticLogistic.class, "tiny");

      assertThat(tiny.of("tiny-update")).as(tiny.describe()).hasSize(1);
      assertThat(tiny.findings()).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();
    }
  }

  @Nested
  class StepReturningItsLoss {
    private final String model = SelfScoringNet.class.getName();

    @Test
    void should_verify_the_steps_captured_during_discovery_on_their_own_batches() {
      // steps 2 and 3 were replayed on the batch of the call that ended discovery, as a plain
      // loss (each evaluation applied an update): noise floors the size of the loss, random
      // cosines, and the layer's cached input and gradient buffers kept as parameters
      Run ok = InProcessAgent.run(SelfScoringNet.class, "ok");

      assertThat(ok.trace().run().step()).as(ok.describe()).isEqualTo(model + "#fit");
      assertThat(ok.trace().run().loss()).isEqualTo(model + "#fit");
      assertThat(ok.trace().steps())
          .filteredOn(s -> s.step() == 2 || s.step() == 3)
          .hasSize(2)
          .allSatisfy(
              s ->
                  assertThat(s.checks())
                      .extracting(c -> c.tensor().substring(model.length() + 1))
                      .containsExactlyInAnyOrder(
                          "hiddenWeights", "hiddenBias", "outputWeights", "outputBias"))
          .flatMap(s -> s.checks())
          .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(CheckVerdict.AGREES));
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_sign_on_the_climbing_tensor_alone() {
      Run climbing = InProcessAgent.run(SelfScoringNet.class, "climbing");

      assertFires(climbing, "gradient-sign", model + ".outputWeights", "fit");
      assertThat(climbing.findings())
          .as(climbing.describe())
          .filteredOn(f -> f.severity() == Severity.ERROR)
          .allSatisfy(f -> assertThat(f.subject()).isEqualTo(model + ".outputWeights"));
    }
  }

  @Nested
  class PerTensorLearningRate {
    private final String model = BatchScaled.class.getName();

    @Test
    void should_find_nothing_when_every_tensor_is_averaged_over_the_batch() {
      Run ok = InProcessAgent.run(BatchScaled.class, "ok");

      assertThat(ok.trace().run().step()).as(ok.describe()).isEqualTo(model + "#fitBatch");
      assertThat(ok.trace().run().updateModel()).isEqualTo("sgd");
      assertThat(ok.findings()).as(ok.describe()).isEmpty();
    }

    @Test
    void should_report_gradient_mismatch_when_one_bias_gradient_is_summed_over_the_batch() {
      // every update is parallel to its gradient; only the rates differ, and the run was once
      // labelled momentum for it, which turns the comparison of rates off
      Run summed = InProcessAgent.run(BatchScaled.class, "summedBias");

      assertThat(summed.trace().run().updateModel()).as(summed.describe()).isEqualTo("sgd");
      assertFires(summed, "gradient-mismatch", model + ".firstBias", "fitBatch");
      assertThat(summed.of("gradient-mismatch"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.message())
                    .contains("10× that of first")
                    .contains("the step's batch holds 10 examples");
              });
      assertSilent(summed, "gradient-sign");
    }

    @Test
    void should_only_warn_when_the_biases_are_given_a_learning_rate_of_their_own() {
      Run own = InProcessAgent.run(BatchScaled.class, "biasRate");

      assertThat(own.of("gradient-mismatch"))
          .as(own.describe())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.subject()).isEqualTo(model + ".firstBias");
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
                assertThat(f.message()).contains("5× that of first").contains("every captured step");
              });
      assertThat(own.findings()).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();
    }
  }

  @Test
  void should_leave_stdout_byte_identical_in_process() {
    for (String[] trainer :
        new String[][] {{"ok"}, {"flipped"}}) {
      assertThat(InProcessAgent.run(FloatNet.class, trainer).stdout())
          .isEqualTo(InProcessAgent.plain(FloatNet.class, trainer));
    }
    assertThat(InProcessAgent.run(MatrixNet.class, "ok").stdout())
        .isEqualTo(InProcessAgent.plain(MatrixNet.class, "ok"));
  }
}
