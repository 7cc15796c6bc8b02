package dev.backprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationProberTest {

  static Stream<Arguments> scalarSpellings() {
    return Stream.of(
        spelling("1/(1+exp(-x))", x -> 1 / (1 + Math.exp(-x)), ActivationKind.SIGMOID),
        spelling("exp(x)/(1+exp(x))", x -> Math.exp(x) / (1 + Math.exp(x)), ActivationKind.SIGMOID),
        spelling("0.5*(1+tanh(x/2))", x -> 0.5 * (1 + Math.tanh(x / 2)), ActivationKind.SIGMOID),
        spelling("Math.tanh", Math::tanh, ActivationKind.TANH),
        spelling(
            "(e^x-e^-x)/(e^x+e^-x)",
            x -> (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x)),
            ActivationKind.TANH),
        spelling("2*sigmoid(2x)-1", x -> 2 / (1 + Math.exp(-2 * x)) - 1, ActivationKind.TANH),
        spelling("Math.max(0,x)", x -> Math.max(0, x), ActivationKind.RELU),
        spelling("x*(x>0?1:0)", x -> x * (x > 0 ? 1 : 0), ActivationKind.RELU),
        spelling("x>0?x:0", x -> x > 0 ? x : 0, ActivationKind.RELU),
        spelling("(x+|x|)/2", x -> (x + Math.abs(x)) / 2, ActivationKind.RELU),
        spelling("log(1+exp(x))", x -> Math.log(1 + Math.exp(x)), ActivationKind.SOFTPLUS),
        spelling("log1p(exp(x))", x -> Math.log1p(Math.exp(x)), ActivationKind.SOFTPLUS),
        spelling("x", x -> x, ActivationKind.IDENTITY));
  }

  private static Arguments spelling(String name, DoubleUnaryOperator f, ActivationKind kind) {
    return arguments(Named.of(name, f), kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalarSpellings")
  void should_identify_activation_when_given_a_usual_double_spelling(
      DoubleUnaryOperator f, ActivationKind expected) {
    ActivationMatch match = ActivationProber.identify(f);

    assertThat(match.kind()).as(match.reason()).isEqualTo(expected);
    assertThat(match.maxError()).isLessThanOrEqualTo(ProbeThresholds.DOUBLE_TOLERANCE);
    assertThat(match.tolerance()).isEqualTo(ProbeThresholds.DOUBLE_TOLERANCE);
    assertThat(match.reason()).startsWith("matches " + expected.id());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.1, 0.2, 0.3})
  void should_identify_leaky_relu_and_its_slope_when_given_x_or_slope_times_x(double slope) {
    ActivationMatch match = ActivationProber.identify(x -> x > 0 ? x : slope * x);

    assertThat(match.kind()).isEqualTo(ActivationKind.LEAKY_RELU);
    assertThat(match.slope()).isCloseTo(slope, within(1e-12));
    assertThat(match.parameters()).containsKey(ActivationMatch.SLOPE);
  }

  @Test
  void should_identify_leaky_relu_when_written_as_max_of_x_and_slope_times_x() {
    ActivationMatch match = ActivationProber.identify(x -> Math.max(0.01 * x, x));

    assertThat(match.kind()).isEqualTo(ActivationKind.LEAKY_RELU);
    assertThat(match.slope()).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void should_identify_seed_003_leaky_relu_when_written_with_boolean_masks() {
    // (x > 0) * x + (x < 0) * 0.01 * x, as the seed writes it with numpy masks
    ActivationMatch match =
        ActivationProber.identify(x -> (x > 0 ? 1 : 0) * x + (x < 0 ? 1 : 0) * 0.01 * x);

    assertThat(match.kind()).isEqualTo(ActivationKind.LEAKY_RELU);
    assertThat(match.slope()).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void should_report_no_slope_when_the_kind_is_not_leaky() {
    ActivationMatch match = ActivationProber.identify(x -> Math.max(0, x));

    assertThat(match.parameters()).isEmpty();
    assertThat(match.slope()).isNaN();
  }

  @Nested
  class Floats {

    @Test
    void should_identify_sigmoid_when_computed_in_float() {
      ActivationMatch match =
          ActivationProber.identifyFloat(x -> 1f / (1f + (float) Math.exp(-x)));

      assertThat(match.kind()).isEqualTo(ActivationKind.SIGMOID);
      assertThat(match.tolerance()).isEqualTo(ProbeThresholds.FLOAT_TOLERANCE);
    }

    @Test
    void should_identify_tanh_when_float_exp_formula_overflows() {
      ActivationMatch match =
          ActivationProber.identifyFloat(
              x -> {
                float p = (float) Math.exp(x);
                float m = (float) Math.exp(-x);
                return (p - m) / (p + m);
              });

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.TANH);
    }

    @Test
    void should_identify_leaky_relu_when_given_float_array() {
      ActivationMatch match =
          ActivationProber.identifyFloatArray(
              v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                  out[i] = v[i] > 0 ? v[i] : 0.1f * v[i];
                }
                return out;
              });

      assertThat(match.kind()).isEqualTo(ActivationKind.LEAKY_RELU);
      assertThat(match.slope()).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void should_identify_row_softmax_when_given_float_matrix() {
      ActivationMatch match =
          ActivationProber.identifyFloatMatrix(
              m -> {
                float[][] out = new float[m.length][];
                for (int i = 0; i < m.length; i++) {
                  float sum = 0;
                  out[i] = new float[m[i].length];
                  for (int j = 0; j < m[i].length; j++) {
                    out[i][j] = (float) Math.exp(m[i][j]);
                    sum += out[i][j];
                  }
                  for (int j = 0; j < m[i].length; j++) {
                    out[i][j] /= sum;
                  }
                }
                return out;
              });

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_ROWS);
    }
  }

  @Nested
  class Arrays {

    @Test
    void should_identify_elementwise_sigmoid_when_given_double_array() {
      ActivationMatch match = ActivationProber.identifyArray(v -> map(v, x -> 1 / (1 + Math.exp(-x))));

      assertThat(match.kind()).isEqualTo(ActivationKind.SIGMOID);
    }

    @Test
    void should_identify_sigmoid_when_computed_in_place() {
      ActivationMatch match =
          ActivationProber.identifyArray(
              v -> {
                for (int i = 0; i < v.length; i++) {
                  v[i] = 1 / (1 + Math.exp(-v[i]));
                }
                return v;
              });

      assertThat(match.kind()).isEqualTo(ActivationKind.SIGMOID);
    }

    @Test
    void should_identify_vector_softmax_when_max_is_subtracted() {
      ActivationMatch match = ActivationProber.identifyArray(v -> softmaxVector(v, true));

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_ROWS);
    }

    @Test
    void should_identify_vector_softmax_when_max_is_not_subtracted_and_large_inputs_overflow() {
      ActivationMatch match = ActivationProber.identifyArray(v -> softmaxVector(v, false));

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_ROWS);
    }
  }

  @Nested
  class Matrices {

    @Test
    void should_identify_row_softmax_when_each_row_is_normalised() {
      ActivationMatch match = ActivationProber.identifyMatrix(m -> softmax(m, Axis.ROWS, true));

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_ROWS);
    }

    @Test
    void should_identify_row_softmax_when_max_is_not_subtracted() {
      ActivationMatch match = ActivationProber.identifyMatrix(m -> softmax(m, Axis.ROWS, false));

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_ROWS);
    }

    @Test
    void should_identify_matrix_softmax_when_the_whole_matrix_is_normalised_as_in_seed_004() {
      // z = x - max(x); exp(z) / sum(exp(z)) over the whole batch
      ActivationMatch match = ActivationProber.identifyMatrix(m -> softmax(m, Axis.MATRIX, true));

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_MATRIX);
    }

    @Test
    void should_identify_matrix_softmax_when_it_is_row_wise_only_for_a_single_row() {
      ActivationMatch match =
          ActivationProber.identifyMatrix(
              m -> softmax(m, m.length == 1 ? Axis.ROWS : Axis.MATRIX, true));

      assertThat(match.kind()).isEqualTo(ActivationKind.SOFTMAX_MATRIX);
    }

    @Test
    void should_identify_column_softmax_when_each_column_is_normalised() {
      ActivationMatch match =
          ActivationProber.identifyMatrix(m -> softmax(m, Axis.COLUMNS, false));

      assertThat(match.kind()).as(match.reason()).isEqualTo(ActivationKind.SOFTMAX_COLUMNS);
    }

    @Test
    void should_identify_elementwise_relu_when_given_double_matrix() {
      ActivationMatch match =
          ActivationProber.identifyMatrix(
              m -> {
                double[][] out = new double[m.length][];
                for (int i = 0; i < m.length; i++) {
                  out[i] = map(m[i], x -> Math.max(0, x));
                }
                return out;
              });

      assertThat(match.kind()).isEqualTo(ActivationKind.RELU);
    }
  }

  @Nested
  class Degenerate {

    @Test
    void should_return_unknown_with_reason_when_the_function_throws() {
      ActivationMatch match =
          ActivationProber.identify(
              x -> {
                if (x < -5) {
                  throw new IllegalStateException("no negatives");
                }
                return x;
              });

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("threw IllegalStateException (no negatives)", "x = -20");
    }

    @Test
    void should_return_unknown_when_the_function_overflows_the_stack() {
      ActivationMatch match = ActivationProber.identify(ActivationProberTest::recurse);

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("StackOverflowError");
    }

    @Test
    void should_return_unknown_when_the_function_returns_nan_everywhere() {
      ActivationMatch match = ActivationProber.identify(x -> Double.NaN);

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("NaN or ∞ for every probe input");
    }

    @Test
    void should_return_unknown_when_the_function_is_nan_on_ordinary_input() {
      ActivationMatch match = ActivationProber.identify(x -> x == 0.5 ? Double.NaN : Math.tanh(x));

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("x = 0.5");
    }

    @Test
    void should_return_unknown_when_the_array_function_returns_another_length() {
      ActivationMatch match =
          ActivationProber.identifyArray(v -> java.util.Arrays.copyOf(v, Math.max(1, v.length - 1)));

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("values for an input of");
    }

    @Test
    void should_return_unknown_when_the_matrix_function_transposes() {
      ActivationMatch match =
          ActivationProber.identifyMatrix(
              m -> {
                double[][] t = new double[m[0].length][m.length];
                for (int i = 0; i < m.length; i++) {
                  for (int j = 0; j < m[0].length; j++) {
                    t[j][i] = m[i][j];
                  }
                }
                return t;
              });

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("rows for a 5×8 input");
    }

    @Test
    void should_return_unknown_when_the_function_returns_null() {
      ActivationMatch match = ActivationProber.identifyMatrix(m -> null);

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("returned null");
    }

    @Test
    void should_return_unknown_when_the_function_writes_into_its_argument_and_returns_a_copy() {
      ActivationMatch match =
          ActivationProber.identifyArray(
              v -> {
                double[] out = map(v, x -> Math.max(0, x));
                v[0] = 42;
                return out;
              });

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("writes into its argument");
    }

    @Test
    void should_name_the_closest_kind_when_nothing_matches() {
      ActivationMatch match = ActivationProber.identify(x -> 1 / (1 + Math.exp(-2 * x)));

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
      assertThat(match.reason()).contains("closest").contains("off by");
      assertThat(match.maxError()).isGreaterThan(ProbeThresholds.DOUBLE_TOLERANCE);
    }

    @Test
    void should_return_unknown_when_given_elu() {
      ActivationMatch match = ActivationProber.identify(x -> x > 0 ? x : Math.expm1(x));

      assertThat(match.kind()).isEqualTo(ActivationKind.UNKNOWN);
    }

    @Test
    void should_return_unknown_when_the_function_is_constant() {
      ActivationMatch match = ActivationProber.identify(x -> 0.5);

      assertThat(match.matched()).isFalse();
    }
  }

  // ---- helpers: trainer-style implementations ----

  static double recurse(double x) {
    return recurse(x) + 1;
  }

  static double[] map(double[] v, DoubleUnaryOperator f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = f.applyAsDouble(v[i]);
    }
    return out;
  }

  static double[] softmaxVector(double[] v, boolean subtractMax) {
    double max = subtractMax ? java.util.Arrays.stream(v).max().orElse(0) : 0;
    double[] out = new double[v.length];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.exp(v[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < v.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  enum Axis {
    ROWS,
    COLUMNS,
    MATRIX
  }

  static double[][] softmax(double[][] m, Axis axis, boolean subtractMax) {
    int rows = m.length;
    int cols = m[0].length;
    double[][] out = new double[rows][cols];
    if (axis == Axis.ROWS) {
      for (int i = 0; i < rows; i++) {
        out[i] = softmaxVector(m[i], subtractMax);
      }
    } else if (axis == Axis.COLUMNS) {
      for (int j = 0; j < cols; j++) {
        double[] col = new double[rows];
        for (int i = 0; i < rows; i++) {
          col[i] = m[i][j];
        }
        double[] s = softmaxVector(col, subtractMax);
        for (int i = 0; i < rows; i++) {
          out[i][j] = s[i];
        }
      }
    } else {
      double[] flat = java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
      double[] s = softmaxVector(flat, subtractMax);
      for (int k = 0; k < s.length; k++) {
        out[k / cols][k % cols] = s[k];
      }
    }
    return out;
  }

}
