package dev.backprobe.assertions;

import static dev.backprobe.assertions.BackprobeAssertions.assertThatFunction;
import static dev.backprobe.assertions.BackprobeAssertions.thenFunction;
import static dev.backprobe.probe.ActivationKind.RELU;
import static dev.backprobe.probe.ActivationKind.SIGMOID;
import static dev.backprobe.probe.ActivationKind.TANH;
import static dev.backprobe.probe.DerivativeConvention.OF_INPUT;
import static dev.backprobe.probe.DerivativeConvention.OF_OUTPUT;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DerivativeAssertTest {

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void should_pass_when_the_function_is_the_activation() {
    assertThatFunction(DerivativeAssertTest::sigmoid).isActivation(SIGMOID);
    thenFunction(z -> Math.max(0, z)).isActivation(RELU);
  }

  @Test
  void should_fail_when_the_function_is_another_activation() {
    assertThatThrownBy(() -> assertThatFunction(Math::tanh).isActivation(SIGMOID))
        .hasMessageStartingWith("expected the function to be sigmoid, but it is tanh (");
  }

  @Test
  void should_pass_when_the_derivative_is_right_in_the_expected_convention() {
    assertThatFunction(a -> a * (1 - a)).isDerivativeOf(SIGMOID).inConvention(OF_OUTPUT);
    assertThatFunction(z -> 1 - Math.tanh(z) * Math.tanh(z)).isDerivativeOf(TANH)
        .inConvention(OF_INPUT);
  }

  @Test
  void should_fail_when_the_derivative_has_the_wrong_sign() {
    assertThatThrownBy(() -> assertThatFunction(a -> a * (a - 1)).isDerivativeOf(SIGMOID))
        .hasMessageStartingWith("expected the function to be the derivative of sigmoid, but it ")
        .hasMessageContaining("−σ'");
  }

  @Test
  void should_fail_when_the_derivative_is_in_the_other_convention() {
    assertThatThrownBy(
            () -> assertThatFunction(a -> a * (1 - a)).isDerivativeOf(SIGMOID)
                .inConvention(OF_INPUT))
        .hasMessageStartingWith("expected the derivative of sigmoid to be written in the"
            + " pre-activation z (fed z), but it is written in the activation's output a = f(z)"
            + " (fed a): ");
  }

  @Test
  void should_fail_when_a_convention_is_asked_without_a_derivative() {
    assertThatThrownBy(() -> assertThatFunction(Math::tanh).inConvention(OF_INPUT))
        .hasMessage("call isDerivativeOf(kind) before inConvention(OF_INPUT)");
  }
}
