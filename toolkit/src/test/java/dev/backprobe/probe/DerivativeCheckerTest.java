package dev.backprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DerivativeCheckerTest {

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double dsig(double x) {
    return sigmoid(x) * (1 - sigmoid(x));
  }

  static Stream<Arguments> candidates() {
    ActivationKind sig = ActivationKind.SIGMOID;
    ActivationKind tanh = ActivationKind.TANH;
    ActivationKind relu = ActivationKind.RELU;
    return Stream.of(
        // sigmoid
        c(sig, "σ(x)(1−σ(x))", DerivativeCheckerTest::dsig,
            DerivativeVerdict.CORRECT, DerivativeConvention.OF_INPUT),
        c(sig, "a(1−a)", a -> a * (1 - a), DerivativeVerdict.CORRECT, DerivativeConvention.OF_OUTPUT),
        c(sig, "σ(x)(σ(x)−1) seed 002", x -> sigmoid(x) * (sigmoid(x) - 1),
            DerivativeVerdict.WRONG_SIGN, DerivativeConvention.OF_INPUT),
        c(sig, "a(a−1)", a -> a * (a - 1), DerivativeVerdict.WRONG_SIGN, DerivativeConvention.OF_OUTPUT),
        c(sig, "σ(x)−(1−σ(x)) seed 000 answer", x -> sigmoid(x) - (1 - sigmoid(x)),
            DerivativeVerdict.WRONG, DerivativeConvention.NEITHER),
        c(sig, "σ'(x)²", x -> dsig(x) * dsig(x),
            DerivativeVerdict.APPLIED_TWICE, DerivativeConvention.OF_INPUT),
        c(sig, "σ'(σ'(x))", x -> dsig(dsig(x)),
            DerivativeVerdict.APPLIED_TWICE, DerivativeConvention.OF_INPUT),
        c(sig, "a(1−a) applied to a(1−a)", a -> a * (1 - a) * (1 - a * (1 - a)),
            DerivativeVerdict.APPLIED_TWICE, DerivativeConvention.OF_OUTPUT),
        c(sig, "σ(x) (forgot the derivative)", DerivativeCheckerTest::sigmoid,
            DerivativeVerdict.WRONG, DerivativeConvention.NEITHER),
        // tanh
        c(tanh, "1−tanh²(x)", x -> 1 - Math.tanh(x) * Math.tanh(x),
            DerivativeVerdict.CORRECT, DerivativeConvention.OF_INPUT),
        c(tanh, "1/cosh²(x)", x -> 1 / (Math.cosh(x) * Math.cosh(x)),
            DerivativeVerdict.CORRECT, DerivativeConvention.OF_INPUT),
        c(tanh, "1−a²", a -> 1 - a * a, DerivativeVerdict.CORRECT, DerivativeConvention.OF_OUTPUT),
        c(tanh, "1−tanh(x)", x -> 1 - Math.tanh(x),
            DerivativeVerdict.MISSING_SQUARE, DerivativeConvention.OF_INPUT),
        c(tanh, "1−a", a -> 1 - a, DerivativeVerdict.MISSING_SQUARE, DerivativeConvention.OF_OUTPUT),
        c(tanh, "a²−1", a -> a * a - 1, DerivativeVerdict.WRONG_SIGN, DerivativeConvention.OF_OUTPUT),
        // relu: the step is the same of z and of a = relu(z)
        c(relu, "x>0?1:0", x -> x > 0 ? 1 : 0, DerivativeVerdict.CORRECT, DerivativeConvention.BOTH),
        c(relu, "1.*(x>0) seed 004", x -> 1. * (x > 0 ? 1 : 0),
            DerivativeVerdict.CORRECT, DerivativeConvention.BOTH),
        c(relu, "x>=0?1:0 (1 for dead units when fed a)", x -> x >= 0 ? 1 : 0,
            DerivativeVerdict.CORRECT, DerivativeConvention.OF_INPUT),
        c(relu, "x<0?1:0", x -> x < 0 ? 1 : 0,
            DerivativeVerdict.INVERTED_STEP, DerivativeConvention.OF_INPUT),
        c(relu, "x<=0?1:0", x -> x <= 0 ? 1 : 0,
            DerivativeVerdict.INVERTED_STEP, DerivativeConvention.BOTH),
        c(relu, "-(x>0?1:0)", x -> x > 0 ? -1 : 0,
            DerivativeVerdict.WRONG_SIGN, DerivativeConvention.BOTH),
        // leaky, softplus, identity
        c(ActivationKind.LEAKY_RELU, "x>0?1:0.01", x -> x > 0 ? 1 : 0.01,
            DerivativeVerdict.CORRECT, DerivativeConvention.BOTH),
        // a leaky ReLU keeps the sign, so a < 0 exactly when z < 0: both conventions coincide
        c(ActivationKind.LEAKY_RELU, "x<0?1:0.01", x -> x < 0 ? 1 : 0.01,
            DerivativeVerdict.INVERTED_STEP, DerivativeConvention.BOTH),
        c(ActivationKind.SOFTPLUS, "σ(x)", DerivativeCheckerTest::sigmoid,
            DerivativeVerdict.CORRECT, DerivativeConvention.OF_INPUT),
        c(ActivationKind.SOFTPLUS, "1−exp(−a)", a -> 1 - Math.exp(-a),
            DerivativeVerdict.CORRECT, DerivativeConvention.OF_OUTPUT),
        c(ActivationKind.IDENTITY, "1", x -> 1, DerivativeVerdict.CORRECT, DerivativeConvention.BOTH),
        c(ActivationKind.IDENTITY, "x", x -> x, DerivativeVerdict.WRONG, DerivativeConvention.NEITHER));
  }

  private static Arguments c(
      ActivationKind kind,
      String name,
      DoubleUnaryOperator f,
      DerivativeVerdict verdict,
      DerivativeConvention convention) {
    return arguments(kind, Named.of(name, f), verdict, convention);
  }

  @ParameterizedTest(name = "{0}: {1} is {2} {3}")
  @MethodSource("candidates")
  void should_classify_derivative_when_given_a_usual_right_or_wrong_formula(
      ActivationKind kind,
      DoubleUnaryOperator candidate,
      DerivativeVerdict verdict,
      DerivativeConvention convention) {
    DerivativeReport report = DerivativeChecker.check(kind, candidate);

    assertThat(report.verdict()).as(report.detail()).isEqualTo(verdict);
    assertThat(report.convention()).as(report.detail()).isEqualTo(convention);
    assertThat(report.activation()).isEqualTo(kind);
  }

  @Nested
  class Details {

    @Test
    void should_say_minus_sigma_prime_when_given_seed_002_dersgm() {
      DerivativeReport report =
          DerivativeChecker.check(ActivationKind.SIGMOID, x -> sigmoid(x) * (sigmoid(x) - 1));

      assertThat(report.detail()).isEqualTo("returns σ(x)(σ(x)−1) = −σ'(x): the sign is flipped");
      assertThat(report.maxError()).isLessThanOrEqualTo(report.tolerance());
      assertThat(report.inputError()).isGreaterThan(0.4); // 2·max σ' = 0.5
    }

    @Test
    void should_say_it_expects_the_output_when_given_a_times_one_minus_a() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.SIGMOID, a -> a * (1 - a));

      assertThat(report.detail())
          .isEqualTo(
              "returns a(1−a) = σ'(z) for a = σ(z): the derivative expressed in the output, so it"
                  + " must be fed a, not z");
      assertThat(report.correctWhenFed(DerivativeConvention.OF_OUTPUT)).isTrue();
      assertThat(report.correctWhenFed(DerivativeConvention.OF_INPUT)).isFalse();
    }

    @Test
    void should_say_square_is_missing_when_given_one_minus_tanh() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.TANH, x -> 1 - Math.tanh(x));

      assertThat(report.detail())
          .isEqualTo("returns 1−tanh(x) instead of 1−tanh²(x): the square is missing");
    }

    @Test
    void should_say_step_is_inverted_when_given_x_below_zero() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.RELU, x -> x < 0 ? 1 : 0);

      assertThat(report.detail())
          .isEqualTo("returns (x < 0 ? 1 : 0) instead of (x > 0 ? 1 : 0): the step is inverted");
    }

    @Test
    void should_say_both_conventions_coincide_when_given_relu_step() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.RELU, x -> x > 0 ? 1 : 0);

      assertThat(report.detail()).contains("the same whether it is fed z or a = relu(z)");
      assertThat(report.correctWhenFed(DerivativeConvention.OF_OUTPUT)).isTrue();
      assertThat(report.correctWhenFed(DerivativeConvention.OF_INPUT)).isTrue();
    }

    @Test
    void should_give_both_errors_when_the_formula_is_wrong() {
      DerivativeReport report =
          DerivativeChecker.check(ActivationKind.SIGMOID, x -> sigmoid(x) - (1 - sigmoid(x)));

      assertThat(report.detail())
          .startsWith("matches neither σ(x)(1−σ(x)) fed z (off by ")
          .contains("nor a(1−a) fed a = σ(z) (off by ");
      assertThat(report.maxError()).isGreaterThan(report.tolerance());
    }

    @Test
    void should_say_applied_twice_when_the_derivative_is_squared() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.SIGMOID, x -> dsig(x) * dsig(x));

      assertThat(report.detail())
          .isEqualTo("returns σ'(x)² instead of σ'(x): the derivative is applied twice");
    }
  }

  @Nested
  class LeakySlope {

    @Test
    void should_flag_wrong_slope_when_forward_slope_is_given() {
      DerivativeReport report =
          DerivativeChecker.of(ActivationKind.LEAKY_RELU, 0.05).check(x -> x > 0 ? 1 : 0.5);

      assertThat(report.verdict()).as(report.detail()).isEqualTo(DerivativeVerdict.WRONG_SLOPE);
      assertThat(report.convention()).isEqualTo(DerivativeConvention.BOTH);
      assertThat(report.detail())
          .isEqualTo(
              "returns (z > 0 ? 1 : 0.5), the derivative of a leaky ReLU of slope 0.5, but the"
                  + " forward pass leaks with slope 0.05");
    }

    @Test
    void should_flag_a_leaking_derivative_of_a_plain_relu() {
      DerivativeReport report =
          DerivativeChecker.of(ActivationKind.RELU, Double.NaN).check(x -> x > 0 ? 1 : 0.1);

      assertThat(report.verdict()).as(report.detail()).isEqualTo(DerivativeVerdict.WRONG_SLOPE);
      assertThat(report.detail()).endsWith("but the forward pass is a plain ReLU (slope 0)");
    }

    @Test
    void should_keep_wrong_for_a_candidate_that_is_no_step_at_all() {
      DerivativeReport report =
          DerivativeChecker.of(ActivationKind.LEAKY_RELU, 0.05).check(x -> x > 0 ? 2 : 0.5);

      assertThat(report.verdict()).as(report.detail()).isEqualTo(DerivativeVerdict.WRONG);
    }

    @Test
    void should_take_slope_from_candidate_when_only_the_kind_is_given() {
      DerivativeReport report =
          DerivativeChecker.check(ActivationKind.LEAKY_RELU, x -> x > 0 ? 1 : 0.2);

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.CORRECT);
      assertThat(report.detail()).contains("(x > 0 ? 1 : 0.2)");
    }

    @Test
    void should_accept_slope_when_forward_slope_matches_the_probe() {
      ActivationMatch forward = ActivationProber.identify(x -> x > 0 ? x : 0.2 * x);

      DerivativeReport report = DerivativeChecker.of(forward).check(x -> x > 0 ? 1 : 0.2);

      assertThat(report.verdict()).as(report.detail()).isEqualTo(DerivativeVerdict.CORRECT);
      assertThat(report.detail()).contains("0.2");
    }
  }

  @Nested
  class Forms {

    @Test
    void should_check_float_output_convention_when_given_float_function() {
      DerivativeReport report = DerivativeChecker.checkFloat(ActivationKind.SIGMOID, a -> a * (1f - a));

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.CORRECT);
      assertThat(report.convention()).isEqualTo(DerivativeConvention.OF_OUTPUT);
      assertThat(report.tolerance()).isEqualTo(ProbeThresholds.FLOAT_TOLERANCE);
    }

    @Test
    void should_check_array_form_when_given_seed_002_dersgm_over_arrays() {
      DerivativeReport report =
          DerivativeChecker.checkArray(
              ActivationKind.SIGMOID,
              v -> {
                double[] out = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                  double y = sigmoid(v[i]);
                  out[i] = y * (y - 1);
                }
                return out;
              });

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.WRONG_SIGN);
      assertThat(report.convention()).isEqualTo(DerivativeConvention.OF_INPUT);
    }

    @Test
    void should_check_float_array_form_when_given_one_minus_a_squared() {
      DerivativeReport report =
          DerivativeChecker.checkFloatArray(
              ActivationKind.TANH,
              v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                  out[i] = 1f - v[i] * v[i];
                }
                return out;
              });

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.CORRECT);
      assertThat(report.convention()).isEqualTo(DerivativeConvention.OF_OUTPUT);
    }

    @Test
    void should_check_matrix_form_when_given_inverted_relu_step_in_place() {
      DerivativeReport report =
          DerivativeChecker.checkMatrix(
              ActivationKind.RELU,
              m -> {
                for (double[] row : m) {
                  for (int j = 0; j < row.length; j++) {
                    row[j] = row[j] < 0 ? 1 : 0;
                  }
                }
                return m;
              });

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.INVERTED_STEP);
    }

    @Test
    void should_check_float_matrix_form_when_given_sigmoid_of_input() {
      DerivativeReport report =
          DerivativeChecker.checkFloatMatrix(
              ActivationKind.SIGMOID,
              m -> {
                float[][] out = new float[m.length][];
                for (int i = 0; i < m.length; i++) {
                  out[i] = new float[m[i].length];
                  for (int j = 0; j < m[i].length; j++) {
                    float s = (float) sigmoid(m[i][j]);
                    out[i][j] = s * (1 - s);
                  }
                }
                return out;
              });

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.CORRECT);
      assertThat(report.convention()).isEqualTo(DerivativeConvention.OF_INPUT);
    }
  }

  @Nested
  class Degenerate {

    @Test
    void should_not_check_when_the_candidate_throws() {
      DerivativeReport report =
          DerivativeChecker.check(
              ActivationKind.SIGMOID,
              x -> {
                throw new UnsupportedOperationException("todo");
              });

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.NOT_CHECKED);
      assertThat(report.detail()).contains("threw UnsupportedOperationException (todo)");
    }

    @Test
    void should_not_check_when_the_candidate_returns_nan_everywhere() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.TANH, x -> Double.NaN);

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.NOT_CHECKED);
    }

    @Test
    void should_not_check_when_the_activation_is_a_softmax() {
      DerivativeReport report = DerivativeChecker.check(ActivationKind.SOFTMAX_ROWS, x -> 1);

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.NOT_CHECKED);
      assertThat(report.detail()).contains("Jacobian");
    }

    @Test
    void should_call_it_wrong_when_the_candidate_is_nan_at_one_point() {
      DerivativeReport report =
          DerivativeChecker.check(ActivationKind.SIGMOID, x -> x == 1 ? Double.NaN : dsig(x));

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.WRONG);
    }

    @Test
    void should_not_check_when_the_array_candidate_returns_another_length() {
      DerivativeReport report =
          DerivativeChecker.checkArray(ActivationKind.SIGMOID, v -> new double[1]);

      assertThat(report.verdict()).isEqualTo(DerivativeVerdict.NOT_CHECKED);
      assertThat(report.detail()).contains("values for an input of");
    }
  }
}
