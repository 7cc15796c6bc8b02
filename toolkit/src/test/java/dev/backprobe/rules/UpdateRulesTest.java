package dev.backprobe.rules;

import static dev.backprobe.rules.RuleTesting.findings;
import static dev.backprobe.rules.RuleTesting.only;
import static dev.backprobe.trace.TraceBuilder.at;
import static dev.backprobe.trace.TraceBuilder.matrix;
import static dev.backprobe.trace.TraceBuilder.noise;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateRulesTest {

  /** Two layers with the given update ratios per step; w1's values scaled by {@code scale(step)}. */
  private static Trace layers(double w1Ratio, double w2Ratio,
      java.util.function.IntToDoubleFunction scale, double... losses) {
    return TraceBuilder.trace().losses(losses).steps(new int[] {1, 2, 3, 5}, (step, s) -> s
        .parameter("w1", matrix(4, 3, (i, j) -> scale.applyAsDouble(step) * noise(i, j, 1)),
            w1Ratio)
        .parameter("b1", new double[] {0, 0, 0}, Double.POSITIVE_INFINITY)
        .parameter("w2", matrix(3, 2, (i, j) -> noise(i, j, 2)), w2Ratio)).build();
  }

  // ---- exploding-weights ------------------------------------------------------------------------

  @Test
  void should_report_exploding_weights_when_updates_are_larger_than_the_weights() {
    Finding finding = only(new ExplodingWeightsRule(), layers(35, 1e-3, s -> 1, 1, 1, 1, 1, 1));

    assertThat(finding.subject()).isEqualTo("pkg.Net.w1");
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.location()).isEqualTo(at("trainStep", 40));
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).isEqualTo(
        "the update of w1 is 35× the size of w1 itself (‖Δw1‖/‖w1‖ = 35, healthy ≈ 1e-3)");
    assertThat(finding.evidence()).containsEntry("updateRatio", 35.0)
        .containsEntry("consecutiveSteps", List.of(1, 2, 3, 5))
        .containsEntry("threshold", "Thresholds.UPDATE_RATIO_EXPLODING = 1");
  }

  /** w1's update is {@code firstRatio} of it at step 1, then nothing moves (seed 001). */
  private static Trace blowUpThenStall(double firstRatio) {
    return TraceBuilder.trace().losses(0.37, 0.1, 0.1, 0.1, 0.1).steps(new int[] {1, 2, 3, 5},
        (step, s) -> s.parameter("w1", matrix(4, 3, (i, j) -> noise(i, j, 1)),
            step == 1 ? firstRatio : 0)).build();
  }

  @Test
  void should_report_exploding_weights_once_when_one_update_is_ten_times_the_weights() {
    Finding finding = only(new ExplodingWeightsRule(), blowUpThenStall(21));

    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.message()).startsWith("the update of w1 is 21× the size of w1 itself");
    assertThat(finding.evidence()).containsEntry("consecutiveSteps", List.of(1))
        .containsEntry("threshold", "Thresholds.UPDATE_RATIO_BLOWUP = 10");
  }

  @Test
  void should_stay_silent_on_a_first_update_far_above_a_small_init_when_training_goes_on() {
    // GIVEN weights started at 0.01·randn: the first step is 16× them, the next ones are not small
    Trace smallInit = TraceBuilder.trace().losses(1.1, 0.9, 0.8, 0.7, 0.6).steps(
        new int[] {1, 2, 3, 5},
        (step, s) -> s.parameter("w1", matrix(4, 3, (i, j) -> noise(i, j, 1)),
            step == 1 ? 16 : 0.5 / step)).build();

    assertThat(findings(new ExplodingWeightsRule(), smallInit)).isEmpty();
  }

  @Test
  void should_stay_silent_on_exploding_weights_when_the_ratio_is_unknown() {
    // GIVEN a NaN update ratio (the weights went NaN): nan-inf reports that, not a "NaN×" blow-up
    assertThat(findings(new ExplodingWeightsRule(), blowUpThenStall(Double.NaN))).isEmpty();
  }

  @Test
  void should_stay_silent_on_exploding_weights_for_one_large_update_below_ten() {
    assertThat(findings(new ExplodingWeightsRule(), blowUpThenStall(5))).isEmpty();
  }

  @Test
  void should_report_exploding_weights_when_the_norm_grows_a_hundredfold() {
    Finding finding = only(new ExplodingWeightsRule(),
        layers(1e-2, 1e-3, s -> Math.pow(10, s - 1), 1, 1, 1, 1, 1));

    assertThat(finding.step()).isEqualTo(3);
    assertThat(finding.message()).startsWith("the norm of w1 grew 100× since its first capture");
    assertThat(finding.evidence()).containsEntry("threshold", "Thresholds.WEIGHT_NORM_GROWTH = 100");
  }

  @Test
  void should_stay_silent_on_exploding_weights_for_zero_initialised_biases_and_healthy_runs() {
    // b1 is all zeros with an infinite ratio in layers(): it has no scale of its own
    assertThat(findings(new ExplodingWeightsRule(), layers(1e-3, 1e-3, s -> 1, 1, 1))).isEmpty();
    RuleTesting.silentOnHealthy(new ExplodingWeightsRule());
  }

  // ---- vanishing-gradient -----------------------------------------------------------------------

  @Test
  void should_report_vanishing_gradient_when_an_early_layer_barely_moves() {
    Finding finding = only(new VanishingGradientRule(), layers(1e-6, 1e-3, s -> 1, 1, 0.9, 0.8));

    assertThat(finding.subject()).isEqualTo("pkg.Net.w1");
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.message()).isEqualTo("the update of w1 is 1000× weaker than that of w2"
        + " (‖Δθ‖/‖θ‖ = 1e-6 vs 1e-3): the gradient vanishes on its way back");
    assertThat(finding.evidence()).containsEntry("laterTensor", "pkg.Net.w2")
        .containsEntry("threshold", "Thresholds.VANISHING_LAYER_RATIO = 0.01");
  }

  @Test
  void should_stay_silent_on_vanishing_gradient_when_layers_are_within_two_orders() {
    assertThat(findings(new VanishingGradientRule(), layers(5e-5, 1e-3, s -> 1, 1, 0.9)))
        .isEmpty();
    RuleTesting.silentOnHealthy(new VanishingGradientRule());
  }

  // ---- tiny-update ------------------------------------------------------------------------------

  @Test
  void should_report_tiny_update_when_every_update_is_below_a_millionth_and_the_loss_is_flat() {
    Finding finding = only(new TinyUpdateRule(),
        layers(1e-8, 3e-7, s -> 1, 0.5, 0.49999, 0.49998, 0.49997, 0.49996));

    assertThat(finding.subject()).isEqualTo("pkg.Net#trainStep");
    assertThat(finding.location().className()).isEqualTo("pkg.Net");
    assertThat(finding.location().method()).isEqualTo("trainStep");
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.message()).startsWith("every update is tiny: the largest ‖Δθ‖/‖θ‖ is 3e-7"
        + " (healthy ≈ 1e-3) and the loss moves by ");
    assertThat(finding.evidence()).containsEntry("largestUpdateRatio", 3e-7)
        .containsEntry("threshold", "Thresholds.UPDATE_RATIO_TINY = 1e-6");
  }

  @Test
  void should_stay_silent_on_tiny_update_when_the_loss_moves_or_one_layer_learns() {
    assertThat(findings(new TinyUpdateRule(), layers(1e-8, 3e-7, s -> 1, 0.5, 0.4, 0.3, 0.2)))
        .isEmpty();
    assertThat(findings(new TinyUpdateRule(), layers(1e-8, 1e-3, s -> 1, 0.5, 0.5, 0.5)))
        .isEmpty();
    RuleTesting.silentOnHealthy(new TinyUpdateRule());
  }

  @Test
  void should_stay_silent_on_tiny_update_when_the_weights_get_no_gradient_but_a_bias_learns() {
    // GIVEN every hidden ReLU dead: the weights do not move at all, the output bias still does
    Trace trace = TraceBuilder.trace().losses(0.69, 0.69, 0.69, 0.69, 0.69)
        .steps(new int[] {1, 2, 3, 5}, (step, s) -> {
          s.parameter("w1", matrix(4, 3, (i, j) -> noise(i, j, 1)), 0)
              .parameter("w2", matrix(3, 1, (i, j) -> noise(i, j, 2)), 0);
          if (step == 1) {
            s.parameterFromZero("b2", new double[] {0.4}); // zero-initialised: no scale of its own
          } else {
            s.parameter("b2", new double[] {0.4}, 0.2);
          }
        }).build();

    assertThat(findings(new TinyUpdateRule(), trace)).isEmpty();
  }
}
