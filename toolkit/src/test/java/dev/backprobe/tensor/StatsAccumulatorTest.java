package dev.backprobe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.backprobe.probe.ActivationKind;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsAccumulatorTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 255, 256, 257, 10_000})
  void should_match_a_two_pass_reference_when_values_are_finite(int n) {
    // GIVEN values with a large offset (where a naive sum of squares loses digits)
    Random random = new Random(n);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 1e6 + random.nextGaussian() * 3;
    }

    // WHEN
    TensorStats stats = StatsAccumulator.of(values);

    // THEN against two passes
    double mean = Arrays.stream(values).sum() / n;
    double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / n;
    double l2 = Math.sqrt(Arrays.stream(values).map(v -> v * v).sum());
    assertThat(stats.count()).isEqualTo(n);
    assertThat(stats.mean()).isCloseTo(mean, within(1e-9 * 1e6));
    assertThat(stats.std()).isCloseTo(Math.sqrt(variance), within(1e-6));
    assertThat(stats.min()).isEqualTo(Arrays.stream(values).min().getAsDouble());
    assertThat(stats.max()).isEqualTo(Arrays.stream(values).max().getAsDouble());
    assertThat(stats.l2Norm()).isCloseTo(l2, within(1e-12 * l2));
    assertThat(Arrays.stream(stats.histogram().counts()).sum()).isEqualTo(n);
  }

  @Test
  void should_count_nan_and_infinities_apart_from_every_other_statistic() {
    double[] values = {1, Double.NaN, -2, Double.POSITIVE_INFINITY, 0, Double.NEGATIVE_INFINITY};

    TensorStats stats = StatsAccumulator.of(values);

    assertThat(stats.count()).isEqualTo(6);
    assertThat(stats.nanCount()).isEqualTo(1);
    assertThat(stats.infCount()).isEqualTo(2);
    assertThat(stats.allFinite()).isFalse();
    assertThat(stats.mean()).isCloseTo(-1.0 / 3, within(1e-15));
    assertThat(stats.min()).isEqualTo(-2);
    assertThat(stats.max()).isEqualTo(1);
    assertThat(stats.l2Norm()).isCloseTo(Math.sqrt(5), within(1e-15));
    assertThat(stats.zeroShare()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(stats.negativeShare()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(Arrays.stream(stats.histogram().counts()).sum()).isEqualTo(3);
  }

  @Test
  void should_give_nan_moments_when_no_value_is_finite() {
    TensorStats stats = StatsAccumulator.of(new double[] {Double.NaN, Double.NaN});

    assertThat(stats.mean()).isNaN();
    assertThat(stats.std()).isNaN();
    assertThat(stats.nanCount()).isEqualTo(2);
    assertThat(stats.l2Norm()).isZero();
  }

  @Test
  void should_count_shares_near_each_asymptote() {
    double[] values = {0.0, 0.005, 0.5, 0.995, 1.0, -0.999, -0.5, 2.0};

    TensorStats stats = StatsAccumulator.of(values);

    assertThat(stats.nearZeroShare()).isEqualTo(2.0 / 8);
    assertThat(stats.nearOneShare()).isEqualTo(2.0 / 8);
    assertThat(stats.nearMinusOneShare()).isEqualTo(1.0 / 8);
    assertThat(stats.zeroShare()).isEqualTo(1.0 / 8);
    assertThat(stats.negativeShare()).isEqualTo(2.0 / 8);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void should_bin_every_value_exactly_when_the_range_grows_after_the_sample(long seed) {
    // GIVEN a narrow bulk first, then values far outside it on both sides
    Random random = new Random(seed);
    double[] values = new double[5_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < 1_000 ? random.nextDouble() * 0.01 : (random.nextDouble() - 0.5) * 1e3;
    }

    // WHEN
    Histogram h = StatsAccumulator.of(values).histogram();

    // THEN each bin holds exactly the values in [low + i·w, low + (i+1)·w)
    long[] expected = new long[h.bins()];
    for (double v : values) {
      expected[(int) Math.floor((v - h.low()) / h.binWidth())]++;
    }
    assertThat(h.counts()).isEqualTo(expected);
    assertThat(h.low()).isLessThanOrEqualTo(Arrays.stream(values).min().getAsDouble());
    assertThat(h.high()).isGreaterThan(Arrays.stream(values).max().getAsDouble());
    // At most about twice as wide as the data, so the bins stay informative.
    double span = Arrays.stream(values).max().getAsDouble()
        - Arrays.stream(values).min().getAsDouble();
    assertThat(h.high() - h.low()).isLessThanOrEqualTo(4 * span);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void should_bin_every_value_exactly_when_the_first_values_are_all_zero(long seed) {
    // GIVEN a sparse update: its first rows did not move (the starting width is then the
    // smallest normal double, and the first non-zero value widens it ~1 000 times at once)
    Random random = new Random(seed);
    double[] values = new double[3_000];
    for (int i = 1_000; i < values.length; i++) {
      values[i] = random.nextInt(4) == 0 ? 0 : (random.nextDouble() - 0.3) * 1e-2;
    }
    values[values.length - 1] = -5e5;

    // WHEN
    Histogram h = StatsAccumulator.of(values).histogram();

    // THEN
    long[] expected = new long[h.bins()];
    for (double v : values) {
      expected[(int) Math.floor((v - h.low()) / h.binWidth())]++;
    }
    assertThat(h.counts()).isEqualTo(expected);
    assertThat(h.low()).isLessThanOrEqualTo(-5e5);
    assertThat(h.high()).isGreaterThan(Arrays.stream(values).max().getAsDouble());
    assertThat(h.high() - h.low()).isLessThanOrEqualTo(4 * (5e5 + 1e-2));
  }

  @Test
  void should_show_a_bimodal_shape_when_sigmoid_outputs_saturate() {
    double[] values = new double[400];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 2 == 0 ? 0.001 : 0.999;
    }

    Histogram h = StatsAccumulator.of(values).histogram();

    int[] occupied =
        java.util.stream.IntStream.range(0, h.bins()).filter(i -> h.counts()[i] > 0).toArray();
    assertThat(occupied).hasSize(2);
    assertThat(h.counts()[occupied[0]]).isEqualTo(200);
    assertThat(occupied[1] - occupied[0]).isGreaterThanOrEqualTo(h.bins() / 2);
  }

  @Test
  void should_be_reusable_after_reset() {
    StatsAccumulator accumulator = new StatsAccumulator();
    accumulator.addAll(new double[] {100, 200, Double.NaN});

    TensorStats stats = accumulator.reset().addAll(new double[] {1, 2, 3}).stats();

    assertThat(stats.count()).isEqualTo(3);
    assertThat(stats.mean()).isEqualTo(2.0);
    assertThat(stats.nanCount()).isZero();
  }

  @Test
  void should_read_float_matrices_through_a_view() {
    float[][] m = {{1f, -1f}, {0f, 0.5f}};

    TensorStats stats = StatsAccumulator.of(TensorView.of(m));

    assertThat(stats.count()).isEqualTo(4);
    assertThat(stats.mean()).isEqualTo(0.125);
  }

  @Test
  void should_report_unit_activity_per_column() {
    // rows = examples, columns = units; unit 0 dead, unit 1 saturated high, unit 2 mixed
    double[][] batch = {{0, 0.999, 0.5}, {0, 0.995, 0.002}, {0, 0.998, 0.7}, {0, 0.2, 0.3}};

    UnitActivity sigmoid = UnitActivity.of(TensorView.of(batch), ActivationKind.SIGMOID);
    UnitActivity relu = UnitActivity.of(TensorView.of(batch), ActivationKind.RELU);

    assertThat(sigmoid.units()).isEqualTo(3);
    assertThat(sigmoid.activeShare()).containsExactly(0.0, 1.0, 1.0);
    assertThat(sigmoid.saturatedShare()).containsExactly(1.0, 0.75, 0.25);
    assertThat(relu.saturatedShare()).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void should_sum_each_axis_when_softmax_normalises_the_whole_matrix() {
    double[][] m = {{0.1, 0.2}, {0.3, 0.4}};

    AxisSums sums = AxisSums.of(TensorView.of(m));

    assertThat(sums.rowSumMin()).isCloseTo(0.3, within(1e-15));
    assertThat(sums.rowSumMax()).isCloseTo(0.7, within(1e-15));
    assertThat(sums.columnSumMin()).isCloseTo(0.4, within(1e-15));
    assertThat(sums.columnSumMax()).isCloseTo(0.6, within(1e-15));
    assertThat(sums.total()).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void should_reject_tensors_of_more_than_two_dimensions() {
    TensorView cube = TensorView.flat(new double[8], 0, 2, 2, 2);

    assertThatThrownBy(() -> AxisSums.of(cube)).hasMessageContaining("2-D");
    assertThatThrownBy(() -> UnitActivity.of(cube, ActivationKind.TANH))
        .hasMessageContaining("rows x units");
  }
}
