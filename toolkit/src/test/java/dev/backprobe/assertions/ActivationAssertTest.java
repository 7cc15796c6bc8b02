package dev.backprobe.assertions;

import static dev.backprobe.assertions.BackprobeAssertions.assertThat;
import static dev.backprobe.assertions.BackprobeAssertions.assertThatActivations;
import static dev.backprobe.assertions.BackprobeAssertions.thenActivations;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprobe.api.ActivationBatch;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.rules.Thresholds;
import org.junit.jupiter.api.Test;

class ActivationAssertTest {

  /** A batch of {@code examples} rows where unit j of row i is f(i, j). */
  private static double[][] batch(int examples, int units, java.util.function.IntBinaryOperator f) {
    double[][] b = new double[examples][units];
    for (int i = 0; i < examples; i++) {
      for (int j = 0; j < units; j++) {
        b[i][j] = f.applyAsInt(i, j) / 100.0;
      }
    }
    return b;
  }

  @Test
  void should_pass_when_sigmoid_units_sit_in_their_linear_range() {
    double[][] hidden = batch(10, 4, (i, j) -> 20 + 5 * i + j);

    assertThatActivations(hidden).isNotSaturated();
  }

  @Test
  void should_fail_when_most_sigmoid_values_are_pinned() {
    // GIVEN 3 of 4 units at 0.999 on every example
    double[][] hidden = batch(10, 4, (i, j) -> j == 0 ? 50 : 100);
    for (double[] row : hidden) {
      for (int j = 1; j < 4; j++) {
        row[j] = 0.999;
      }
    }

    // THEN
    assertThatThrownBy(() -> assertThat(ActivationBatch.of(hidden).named("hidden"))
            .ofKind(ActivationKind.SIGMOID).isNotSaturated())
        .hasMessage("expected hidden not to be saturated, but 75% of its values lie within 0.0100"
            + " of a sigmoid asymptote (at most 50% allowed, " + Thresholds.SATURATED_SHARE + ");"
            + " units pinned on every example: 3 of 4 (units 1, 2, 3)");
  }

  @Test
  void should_pass_when_every_relu_unit_fires_for_some_example() {
    double[][] relu = batch(8, 3, (i, j) -> i == j ? 50 : 0);

    thenActivations(relu).hasNoDeadUnits();
  }

  @Test
  void should_fail_when_a_relu_unit_is_silent_on_every_example() {
    double[][] relu = batch(8, 3, (i, j) -> j == 2 ? 0 : 30);

    assertThatThrownBy(() -> assertThatActivations(relu).hasNoDeadUnits())
        .hasMessage("expected no dead units in activations, but 1 of 3 units output 0 for all 8"
            + " examples (unit 2)");
  }

  @Test
  void should_fail_when_the_batch_is_too_small_to_tell_a_dead_unit() {
    assertThatThrownBy(() -> assertThatActivations(new double[3][2]).hasNoDeadUnits())
        .hasMessage("expected no dead units in activations, but a batch of 3 examples cannot"
            + " show it: at least 8 are needed (" + Thresholds.DEAD_UNIT_MIN_EXAMPLES + ")");
  }

  @Test
  void should_pass_when_every_row_is_a_distribution() {
    assertThatActivations(new double[][] {{0.2, 0.8}, {0.5, 0.5}, {1, 0}}).isRowStochastic();
  }

  @Test
  void should_fail_when_the_softmax_normalised_the_whole_batch() {
    double[][] output = {{0.1, 0.15}, {0.25, 0.5}}; // the matrix sums to 1, rows do not

    assertThatThrownBy(() -> assertThatActivations(output).isRowStochastic())
        .hasMessage("expected every row of activations to sum to 1 (a softmax over each"
            + " example), but row 0 sums to 0.250 (rows sum from 0.250 to 0.750; the whole"
            + " batch sums to 1.00): it was normalised over the whole batch; tolerance "
            + Thresholds.SOFTMAX_SUM_TOLERANCE);
  }

  @Test
  void should_fail_on_null() {
    assertThatThrownBy(() -> assertThatActivations(null).isRowStochastic())
        .hasMessageContaining("Expecting actual not to be null");
  }
}
