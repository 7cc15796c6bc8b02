package dev.backprobe.rules;

import static dev.backprobe.rules.RuleTesting.findings;
import static dev.backprobe.rules.RuleTesting.only;
import static dev.backprobe.trace.TraceBuilder.at;
import static dev.backprobe.trace.TraceBuilder.matrix;
import static dev.backprobe.trace.TraceBuilder.noise;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;
import org.junit.jupiter.api.Test;

class ActivationRulesTest {

  // ---- saturation -------------------------------------------------------------------------------

  /** Sigmoid values pinned at 0 or 1 on every example at the given steps, mid-range elsewhere. */
  private static Trace sigmoidLayer(int[] steps, java.util.Set<Integer> saturated, double[] loss) {
    return TraceBuilder.trace().losses(loss).steps(steps, (step, s) -> s.batch("forward", "a1",
        TensorRole.ACTIVATION, "sigmoid", matrix(8, 4, (i, j) -> saturated.contains(step)
            ? (noise(i, j, step) > 0 ? 0.9995 : 0.0004)
            : 1 / (1 + Math.exp(-noise(i, j, step)))), 52)).build();
  }

  @Test
  void should_report_saturation_when_sigmoid_values_sit_at_asymptotes_over_steps() {
    Trace trace = sigmoidLayer(new int[] {1, 2, 3, 5}, java.util.Set.of(2, 3, 5),
        new double[] {0.7, 0.9, 1.4, 2.0, 2.5});

    Finding finding = only(new SaturationRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net#forward:a1");
    assertThat(finding.step()).isEqualTo(2);
    assertThat(finding.location()).isEqualTo(at("forward", 52));
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).startsWith("100% of the sigmoid values of a1 in forward sit"
        + " within 0.01 of 0 or 1 (steps 2–5; 4 of 4 units on every example)");
    assertThat(finding.evidence()).containsEntry("saturatedShare", 1.0)
        .containsEntry("pinnedUnits", 4)
        .containsEntry("threshold", "Thresholds.SATURATED_SHARE = 0.5");
  }

  @Test
  void should_stay_silent_on_saturation_seen_at_one_capture_only() {
    Trace trace = sigmoidLayer(new int[] {1, 2, 3}, java.util.Set.of(2), new double[] {1, 1, 1});

    assertThat(findings(new SaturationRule(), trace)).isEmpty();
  }

  @Test
  void should_stay_silent_on_saturation_when_the_loss_keeps_falling() {
    Trace trace = sigmoidLayer(new int[] {1, 2, 3}, java.util.Set.of(1, 2, 3),
        new double[] {0.7, 0.5, 0.3, 0.2, 0.1});

    assertThat(findings(new SaturationRule(), trace)).isEmpty();
  }

  @Test
  void should_report_saturation_when_the_loss_fell_only_to_where_every_update_stalled() {
    // GIVEN seed 001: outputs pinned at 0 take the MSE from 0.37 to 0.1, then nothing moves
    Trace trace = TraceBuilder.trace().losses(0.37, 0.1, 0.1, 0.1, 0.1)
        .steps(new int[] {1, 2, 3}, (step, s) -> s
            .parameter("w1", matrix(4, 3, (i, j) -> noise(i, j, 1)), step == 1 ? 21 : 0)
            .batch("forward", "a1", TensorRole.ACTIVATION, "sigmoid",
                matrix(8, 4, (i, j) -> noise(i, j, step) > 0 ? 0.9995 : 0.0004), 52))
        .build();

    assertThat(only(new SaturationRule(), trace).subject()).isEqualTo("pkg.Net#forward:a1");
  }

  @Test
  void should_stay_silent_on_saturation_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new SaturationRule());
  }

  // ---- dead-relu --------------------------------------------------------------------------------

  private static Trace reluLayer(int examples, int deadUnits) {
    return TraceBuilder.trace().steps(new int[] {1, 2, 3}, (step, s) -> s.batch("forward", "h",
        TensorRole.ACTIVATION, "relu",
        matrix(examples, 4, (i, j) -> j < deadUnits ? 0.0 : 0.1 + Math.abs(noise(i, j, step))),
        48)).build();
  }

  @Test
  void should_report_dead_relu_when_units_are_zero_for_every_example() {
    Finding finding = only(new DeadReluRule(), reluLayer(8, 2));

    assertThat(finding.subject()).isEqualTo("pkg.Net#forward:h");
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.location()).isEqualTo(at("forward", 48));
    assertThat(finding.message()).isEqualTo("2 of 4 ReLU units of h in forward (50%) output 0 for"
        + " all 24 examples of steps 1–3: they pass no gradient and will not recover");
    assertThat(finding.evidence()).containsEntry("deadUnits", 2).containsEntry("units", 4)
        .containsEntry("threshold", "Thresholds.DEAD_UNIT_SHARE = 0.4");
  }

  @Test
  void should_stay_silent_on_dead_relu_with_too_few_examples_or_units() {
    assertThat(findings(new DeadReluRule(), reluLayer(2, 2))).as("6 examples").isEmpty();
    assertThat(findings(new DeadReluRule(), reluLayer(8, 1))).as("1 of 4 units").isEmpty();
  }

  @Test
  void should_stay_silent_on_dead_relu_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new DeadReluRule());
  }

  // ---- softmax-shape ----------------------------------------------------------------------------

  /** exp(z) / Σ over the whole 30×10 matrix. */
  static double[][] wholeMatrixSoftmax() {
    double[][] e = matrix(30, 10, (i, j) -> Math.exp(noise(i, j, 3)));
    double total = java.util.Arrays.stream(e).flatMapToDouble(java.util.Arrays::stream).sum();
    return matrix(30, 10, (i, j) -> e[i][j] / total);
  }

  @Test
  void should_report_softmax_shape_when_the_whole_batch_sums_to_one() {
    // GIVEN a softmax over a 30×10 batch normalised over the whole matrix
    Trace trace = TraceBuilder.trace().step(1, s -> s
        .batch("run", "x", TensorRole.INPUT, null, matrix(30, 64, (i, j) -> noise(i, j, 1)), 20)
        .batch("softmax", "out", TensorRole.OUTPUT, "softmax-rows", wholeMatrixSoftmax(), 88))
        .build();

    Finding finding = only(new SoftmaxShapeRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net#softmax:out");
    assertThat(finding.location()).isEqualTo(at("softmax", 88));
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).startsWith("softmax rows of out in softmax sum to 0.0")
        .contains("(not 1) while the whole 30×10 matrix sums to 1.00");
    assertThat((Double) finding.evidence().get("total")).isCloseTo(1.0,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(finding.evidence()).containsEntry("threshold", "Thresholds.SOFTMAX_SUM_TOLERANCE = 0.001");
  }

  @Test
  void should_report_softmax_shape_when_columns_sum_to_one_and_rows_are_examples() {
    Trace trace = TraceBuilder.trace().step(1, s -> s
        .batch("run", "x", TensorRole.INPUT, null, matrix(5, 3, (i, j) -> 1.0), 20)
        .batch("softmax", "out", TensorRole.OUTPUT, "softmax-columns",
            matrix(5, 4, (i, j) -> i == 0 ? 0.6 : 0.1), 88)).build();

    assertThat(only(new SoftmaxShapeRule(), trace).message()).contains("every column sums to 1");
  }

  @Test
  void should_report_softmax_shape_on_an_inline_softmax_of_no_kind_whose_columns_sum_to_one() {
    // GIVEN probabilities computed inline (no kind): 5 examples × 4 classes, each column sums to 1
    Trace trace = TraceBuilder.trace().step(1, s -> s
        .batch("run", "x", TensorRole.INPUT, null, matrix(5, 3, (i, j) -> 1.0), 20)
        .batch("probs", "z", TensorRole.INTERMEDIATE, null,
            matrix(5, 4, (i, j) -> i == 0 ? 0.6 : 0.1), 47)).build();

    Finding finding = only(new SoftmaxShapeRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net#probs:z");
    assertThat(finding.message()).contains("every column sums to 1");
  }

  @Test
  void should_stay_silent_on_an_unlabelled_matrix_that_only_sums_to_one_as_a_whole() {
    // GIVEN p / n on its way to a gradient: values in [0, 1], the total is 1, the columns are not
    Trace trace = TraceBuilder.trace().step(1, s -> s
        .batch("run", "x", TensorRole.INPUT, null, matrix(30, 64, (i, j) -> noise(i, j, 1)), 20)
        .batch("grad", "scaled", TensorRole.INTERMEDIATE, null, wholeMatrixSoftmax(), 60)).build();

    assertThat(findings(new SoftmaxShapeRule(), trace)).isEmpty();
  }

  @Test
  void should_stay_silent_on_softmax_over_columns_when_examples_are_columns() {
    // GIVEN examples laid out as columns: x is features × 5 examples, out is classes × 5 examples
    Trace trace = TraceBuilder.trace().step(1, s -> s
        .batch("run", "x", TensorRole.INPUT, null, matrix(3, 5, (i, j) -> 1.0), 20)
        .batch("softmax", "out", TensorRole.OUTPUT, "softmax-columns",
            matrix(4, 5, (i, j) -> i == 0 ? 0.7 : 0.1), 88)).build();

    assertThat(findings(new SoftmaxShapeRule(), trace)).isEmpty();
  }

  private static Trace probedSoftmax(ActivationKind kind) {
    return TraceBuilder.trace().step(1, s -> s
            .batch("train", "x", TensorRole.INPUT, null, matrix(1, 64, (i, j) -> noise(i, j, 1)), 20))
        .probe(new ProbeResult("pkg.Net#softmax", at("softmax", 166), kind, null, null, null,
            1e-16, null, null, "softmax computes " + kind.id()))
        .build();
  }

  @Test
  void should_report_softmax_shape_from_the_probe_when_no_batch_softmax_was_captured() {
    // GIVEN seed 004: the matrix softmax runs only in the loss, outside the captured steps
    Finding finding = only(new SoftmaxShapeRule(), probedSoftmax(ActivationKind.SOFTMAX_MATRIX));

    assertThat(finding.subject()).isEqualTo("pkg.Net#softmax");
    assertThat(finding.location()).isEqualTo(at("softmax", 166));
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).startsWith("softmax normalises the whole matrix it is given");
  }

  @Test
  void should_stay_silent_on_softmax_shape_for_a_probed_row_wise_softmax() {
    assertThat(findings(new SoftmaxShapeRule(), probedSoftmax(ActivationKind.SOFTMAX_ROWS)))
        .isEmpty();
  }

  @Test
  void should_stay_silent_on_softmax_shape_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new SoftmaxShapeRule());
  }

  // ---- output-activation ------------------------------------------------------------------------

  /** Seed 003's shape: a leaky-ReLU output whose pre-activations are all negative, targets x². */
  static Trace leakyOutput(boolean negative) {
    return TraceBuilder.trace().steps(new int[] {1, 2, 3}, (step, s) -> s
        .batch("forward", "out", TensorRole.OUTPUT, "leaky-relu",
            matrix(20, 1, (i, j) -> negative ? -0.01 * (1 + i) : 0.05 * i), 77)
        .batch("train", "y", TensorRole.TARGET, null,
            matrix(20, 1, (i, j) -> (i / 19.0) * (i / 19.0)), 31)).build();
  }

  @Test
  void should_report_output_activation_when_every_leaky_output_is_negative() {
    Finding finding = only(new OutputActivationRule(), leakyOutput(true));

    assertThat(finding.subject()).isEqualTo("pkg.Net#forward:out");
    assertThat(finding.location()).isEqualTo(at("forward", 77));
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).isEqualTo("100% of the leaky-relu outputs of out in forward are"
        + " negative (every output pre-activation is below 0, in the leaky part) while the targets"
        + " lie in [0, 1]: the output cannot follow them");
    assertThat(finding.evidence()).containsEntry("outputFlatShare", 1.0)
        .containsEntry("threshold", "Thresholds.OUTPUT_PINNED_SHARE = 0.95");
  }

  @Test
  void should_report_output_activation_as_error_when_targets_are_out_of_range() {
    Trace trace = TraceBuilder.trace().step(1, s -> s
        .batch("forward", "out", TensorRole.OUTPUT, "sigmoid", matrix(4, 1, (i, j) -> 0.5), 77)
        .batch("train", "y", TensorRole.TARGET, null, matrix(4, 1, (i, j) -> 1.5 * i), 31))
        .build();

    Finding finding = only(new OutputActivationRule(), trace);

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).isEqualTo("the sigmoid output of out in forward can only produce"
        + " values in [0, 1) but the targets lie in [0, 4.5]");
    assertThat(finding.evidence()).containsEntry("targetMax", 4.5);
  }

  @Test
  void should_stay_silent_on_output_activation_when_outputs_can_reach_the_targets() {
    assertThat(findings(new OutputActivationRule(), leakyOutput(false))).isEmpty();
    RuleTesting.silentOnHealthy(new OutputActivationRule());
  }
}
