package dev.backprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.trace.SourceLocation;
import org.junit.jupiter.api.Test;

class ProbeResultsTest {

  private static final SourceLocation WHERE = new SourceLocation("pkg.Net", "dersgm", "Net.java", 33);

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void should_say_it_expects_z_but_is_called_on_a_when_given_seed_002() {
    // GIVEN dersgm(x) = σ(x)(σ(x) − 1), called on the layer's outputs
    DerivativeReport report =
        DerivativeChecker.check(ActivationKind.SIGMOID, x -> sigmoid(x) * (sigmoid(x) - 1));

    // WHEN
    ProbeResult result =
        ProbeResults.derivative(
            "pkg.Net#dersgm", WHERE, report, DerivativeConvention.OF_OUTPUT, WHERE);

    // THEN
    assertThat(result.detail())
        .isEqualTo(
            "dersgm returns σ(x)(σ(x)−1) = −σ'(x): the sign is flipped; it also expects z but is"
                + " called on a = σ(z)");
    assertThat(result.derivativeOf()).isEqualTo(ActivationKind.SIGMOID);
    assertThat(result.verdict()).isEqualTo(DerivativeVerdict.WRONG_SIGN);
    assertThat(result.convention()).isEqualTo(DerivativeConvention.OF_INPUT);
    assertThat(result.calledWith()).isEqualTo(DerivativeConvention.OF_OUTPUT);
    assertThat(ProbeResults.isMismatch(result)).isTrue();
  }

  @Test
  void should_flag_a_correct_formula_when_fed_the_other_convention() {
    DerivativeReport report =
        DerivativeChecker.check(ActivationKind.SIGMOID, x -> sigmoid(x) * (1 - sigmoid(x)));

    ProbeResult result =
        ProbeResults.derivative("pkg.Net#dsig", WHERE, report, DerivativeConvention.OF_OUTPUT, null);

    assertThat(ProbeResults.isMismatch(result)).isTrue();
    assertThat(result.detail()).endsWith("; it expects z but is called on a = σ(z)");
  }

  @Test
  void should_accept_seed_001_derivative_when_fed_the_output() {
    DerivativeReport report = DerivativeChecker.check(ActivationKind.SIGMOID, x -> x * (1 - x));

    ProbeResult result =
        ProbeResults.derivative(
            "pkg.Net#sigmoid_derivative", WHERE, report, DerivativeConvention.OF_OUTPUT, null);

    assertThat(ProbeResults.isMismatch(result)).isFalse();
    assertThat(result.detail()).endsWith("; it is called on a = σ(z)");
  }

  @Test
  void should_accept_seed_004_relu_step_whatever_it_is_fed() {
    DerivativeReport report = DerivativeChecker.check(ActivationKind.RELU, x -> x > 0 ? 1 : 0);

    ProbeResult result =
        ProbeResults.derivative("pkg.Net#dReLU", WHERE, report, DerivativeConvention.OF_OUTPUT, null);

    assertThat(ProbeResults.isMismatch(result)).isFalse();
  }

  @Test
  void should_not_flag_when_the_derivative_could_not_be_checked() {
    DerivativeReport report = DerivativeChecker.check(ActivationKind.SOFTMAX_ROWS, x -> 1);

    ProbeResult result = ProbeResults.derivative("pkg.Net#dsoftmax", WHERE, report, null, null);

    assertThat(ProbeResults.isMismatch(result)).isFalse();
  }

  @Test
  void should_describe_an_activation_with_its_slope() {
    ActivationMatch match = ActivationProber.identify(x -> x > 0 ? x : 0.01 * x);

    ProbeResult result = ProbeResults.activation("pkg.Net#relu", WHERE, match);

    assertThat(result.activation()).isEqualTo(ActivationKind.LEAKY_RELU);
    assertThat(result.verdict()).isNull();
    assertThat(result.detail()).startsWith("relu is a leaky ReLU with slope 0.01");
    assertThat(ProbeResults.isMismatch(result)).isFalse();
  }

  @Test
  void should_describe_an_unknown_function_with_the_reason() {
    ActivationMatch match = ActivationProber.identify(x -> x * x);

    ProbeResult result = ProbeResults.activation("pkg.Net#square", WHERE, match);

    assertThat(result.activation()).isEqualTo(ActivationKind.UNKNOWN);
    assertThat(result.detail()).startsWith("square is not a known activation: it matches no");
  }
}
