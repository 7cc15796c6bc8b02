package dev.backprobe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TensorViewTest {

  /** Every storage a view exists for, each holding 0.1, 0.2, … 0.6 in a 2 × 3 shape. */
  static Stream<Arguments> views() {
    double[] flat = {9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 9};
    float[] flatFloat = {9, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 9};
    return Stream.of(
        Arguments.of("double[][]", TensorView.of(new double[][] {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}})),
        Arguments.of(
            "float[][]", TensorView.of(new float[][] {{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}})),
        Arguments.of("flat double[]", TensorView.flat(flat, 1, 2, 3)),
        Arguments.of("flat float[]", TensorView.flat(flatFloat, 1, 2, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  void should_read_in_bulk_exactly_what_get_reads_one_index_at_a_time(
      String storage, TensorView view) {
    double[] bulk = new double[view.size() + 2];
    view.copyInto(bulk);
    for (int i = 0; i < view.size(); i++) {
      assertThat(bulk[i]).as("index %d", i).isEqualTo(view.get(i));
    }
    assertThat(bulk[view.size()]).as("past the tensor").isZero();
    assertThat(view.toArray()).containsExactly(java.util.Arrays.copyOf(bulk, view.size()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  void should_write_in_bulk_what_set_would_write_and_no_more(String storage, TensorView view) {
    double[] values = {1.0 / 3, -2.0 / 3, 1e-40, 7, Math.PI, -0.0};
    view.copyFrom(values);
    TensorView expected = TensorView.of(view.singlePrecision() ? new float[6] : new double[6]);
    for (int i = 0; i < values.length; i++) {
      expected.set(i, values[i]);
    }
    assertThat(view.toArray()).containsExactly(expected.toArray());
    if (view.target() instanceof double[] d) {
      assertThat(d[0]).as("before the window").isEqualTo(9);
      assertThat(d[7]).as("after the window").isEqualTo(9);
    }
    if (view.target() instanceof float[] f) {
      assertThat(f[0]).as("before the window").isEqualTo(9);
      assertThat(f[7]).as("after the window").isEqualTo(9);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  void should_refuse_bulk_arrays_of_the_wrong_size(String storage, TensorView view) {
    assertThatThrownBy(() -> view.copyFrom(new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 6 values");
    assertThatThrownBy(() -> view.copyInto(new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("room for 6 values");
  }
}
