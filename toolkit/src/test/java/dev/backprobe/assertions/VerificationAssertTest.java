package dev.backprobe.assertions;

import static dev.backprobe.assertions.BackprobeAssertions.assertThat;
import static dev.backprobe.assertions.BackprobeAssertions.then;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backprobe.api.Backprobe;
import dev.backprobe.api.Verification;
import dev.backprobe.model.TinyMlp;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VerificationAssertTest {

  private static Verification correct;
  private static Verification signFlip;
  private static Verification missingDerivative;

  @BeforeAll
  static void verifySteps() {
    correct = verify(new TinyMlp());
    signFlip = verify(new TinyMlp(TinyMlp.Bug.SIGN_FLIP));
    missingDerivative = verify(new TinyMlp(TinyMlp.Bug.MISSING_DERIVATIVE));
  }

  private static Verification verify(TinyMlp net) {
    return Backprobe.model(net)
        .loss(n -> n.loss(TinyMlp.X, TinyMlp.Y))
        .step(n -> n.trainStep(TinyMlp.X, TinyMlp.Y))
        .verify();
  }

  @Test
  void should_pass_when_a_correct_step_has_no_errors() {
    assertThat(correct).hasNoErrors().passesGradientCheck().lowersTheLoss();
  }

  @Test
  void should_fail_when_a_step_climbs_the_loss() {
    // WHEN
    Throwable thrown = catchThrowable(() -> assertThat(signFlip).hasNoErrors());

    // THEN
    org.assertj.core.api.Assertions.assertThat(thrown)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected no errors, but found ")
        .hasMessageContaining("gradient-sign on w2 (step 1): the update of w2 climbs the loss:"
            + " cos(Δw2, −∇L) = −1.00");
  }

  @Test
  void should_pass_when_the_expected_finding_is_there() {
    then(signFlip).hasFinding("gradient-sign").hasFindingOn("gradient-sign", "w2")
        .hasFindingOn("gradient-sign", "TinyMlp.w1");
  }

  @Test
  void should_fail_when_the_finding_is_missing() {
    assertThatThrownBy(() -> assertThat(correct).hasFinding("gradient-sign"))
        .hasMessage("expected a gradient-sign finding, but there were no findings");
  }

  @Test
  void should_fail_when_the_finding_is_on_another_tensor() {
    // GIVEN an analytic gradient whose w2 part has the wrong sign
    TinyMlp net = new TinyMlp();
    Map<String, double[]> gradient = net.gradient(TinyMlp.X, TinyMlp.Y);
    Verification v = Backprobe.model(net).loss(n -> n.loss(TinyMlp.X, TinyMlp.Y))
        .gradient(Map.of("w1", gradient.get("w1"), "w2", negated(gradient.get("w2"))));

    // THEN
    assertThatThrownBy(() -> assertThat(v).hasFindingOn("gradient-sign", "w1"))
        .hasMessage("expected a gradient-sign finding on w1, but its gradient-sign findings are"
            + " on w2");
  }

  private static double[] negated(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = -values[i];
    }
    return out;
  }

  @Test
  void should_pass_when_a_rule_stays_silent() {
    assertThat(correct).hasNoFinding("gradient-sign").hasNoFindings();
  }

  @Test
  void should_fail_when_a_rule_fires_that_should_not() {
    assertThatThrownBy(() -> assertThat(signFlip).hasNoFinding("gradient-sign"))
        .hasMessageStartingWith("expected no gradient-sign finding, but found ");
  }

  @Test
  void should_fail_the_gradient_check_naming_the_tensor_and_its_cosine() {
    assertThatThrownBy(() -> assertThat(signFlip).passesGradientCheckFor("w2"))
        .hasMessage("expected the update of w2 to descend the loss, but cos(Δw2, −∇L) = −1.00"
            + " (step 1)");
    assertThatThrownBy(() -> assertThat(signFlip).passesGradientCheck())
        .hasMessageStartingWith("expected every tensor to pass the gradient check, but 4 did not:")
        .hasMessageContaining("expected the update of b2 to descend the loss");
  }

  @Test
  void should_pass_the_gradient_check_for_a_tensor_that_agrees() {
    assertThat(missingDerivative).passesGradientCheckFor("w2").passesGradientCheckFor("b2");
  }

  @Test
  void should_fail_the_gradient_check_for_a_mismatched_tensor() {
    assertThatThrownBy(() -> assertThat(missingDerivative).passesGradientCheckFor("w1"))
        .hasMessageStartingWith("expected the update of w1 to follow −∇L, but cos(Δw1, −∇L) = ")
        .hasMessageContaining("and the relative error is ");
  }

  @Test
  void should_fail_when_asked_about_a_tensor_that_was_not_checked() {
    assertThatThrownBy(() -> assertThat(correct).passesGradientCheckFor("w9"))
        .hasMessageStartingWith("expected a gradient check of w9, but the checked tensors are"
            + " [w1, b1, w2, b2]");
  }

  @Test
  void should_fail_when_the_step_raises_the_loss() {
    assertThatThrownBy(() -> assertThat(signFlip).lowersTheLoss())
        .hasMessageStartingWith("expected the step to lower the loss, but it went from ");
  }

  @Test
  void should_check_an_analytic_gradient_in_gradient_terms() {
    TinyMlp net = new TinyMlp();
    Map<String, double[]> gradient = net.gradient(TinyMlp.X, TinyMlp.Y);
    double[] flipped = negated(gradient.get("w2"));

    Verification v = Backprobe.model(net).loss(n -> n.loss(TinyMlp.X, TinyMlp.Y))
        .gradient(Map.of("w1", gradient.get("w1"), "w2", flipped));

    assertThat(v).passesGradientCheckFor("w1").hasFindingOn("gradient-sign", "w2");
    assertThatThrownBy(() -> assertThat(v).passesGradientCheckFor("w2"))
        .hasMessageStartingWith("expected the gradient of w2 to match the numeric gradient, but");
  }

  @Test
  void should_fail_on_null() {
    assertThatThrownBy(() -> assertThat((Verification) null).hasNoErrors())
        .hasMessageContaining("Expecting actual not to be null");
  }
}
