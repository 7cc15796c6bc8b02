package dev.backprobe.rules;

import static dev.backprobe.rules.RuleTesting.findings;
import static dev.backprobe.rules.RuleTesting.only;
import static dev.backprobe.trace.TraceBuilder.at;
import static dev.backprobe.trace.TraceBuilder.noise;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;
import org.junit.jupiter.api.Test;

class LossRulesTest {

  // ---- loss-divergence --------------------------------------------------------------------------

  @Test
  void should_report_loss_divergence_when_the_loss_keeps_rising() {
    // GIVEN seed 000's curve: from about 0.5 to 18 over 100 steps
    Trace trace = TraceBuilder.trace().losses(100, s -> 0.5 * Math.pow(36, (s - 1) / 99.0))
        .build();

    Finding finding = only(new LossDivergenceRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net#loss");
    assertThat(finding.location().method()).isEqualTo("loss");
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).startsWith("the loss rises from 0.")
        .contains("(median of steps 1–25) to 1", "(median of steps 76–100)");
    double early = (Double) finding.evidence().get("earlyLoss");
    assertThat(finding.step()).isGreaterThan(1);
    assertThat(trace.losses().get(finding.step() - 1).loss()).isGreaterThan(1.5 * early);
    assertThat(trace.losses().get(finding.step() - 2).loss()).isLessThanOrEqualTo(1.5 * early);
    assertThat(finding.evidence()).containsEntry("maxLoss", 18.0)
        .containsEntry("threshold", "Thresholds.LOSS_RISE_FACTOR = 1.5");
  }

  @Test
  void should_report_loss_divergence_from_the_start_when_the_loss_jumps_early_and_stays_up() {
    // GIVEN seed 000's printed curve: 9.4 at the start, 17.7 from the second point on, creeping to 18
    Trace trace = TraceBuilder.trace().losses(40, s -> s == 1 ? 9.4 : 17.7 + 0.3 * s / 40).build();

    Finding finding = only(new LossDivergenceRule(), trace);

    assertThat(finding.message()).startsWith("the loss rises from 9.4 (step 1) to 18");
    assertThat(finding.evidence()).containsEntry("earlyLoss", 9.4);
    assertThat(finding.step()).isEqualTo(2);
  }

  @Test
  void should_stay_silent_on_loss_divergence_when_an_early_rise_comes_back_down() {
    // GIVEN a warm-up bump: up to twice the start within the first quarter, then back below it
    Trace trace =
        TraceBuilder.trace().losses(40, s -> s == 1 ? 1.0 : s <= 10 ? 2.0 : 1.0 / s).build();

    assertThat(findings(new LossDivergenceRule(), trace)).isEmpty();
  }

  @Test
  void should_report_loss_divergence_at_the_first_non_finite_loss() {
    Trace trace = TraceBuilder.trace().losses(1, 0.9, 3, 40, Double.NaN, Double.NaN).build();

    Finding finding = only(new LossDivergenceRule(), trace);

    assertThat(finding.step()).isEqualTo(5);
    assertThat(finding.message()).isEqualTo("the loss becomes NaN at step 5");
  }

  @Test
  void should_stay_silent_on_loss_divergence_for_a_noisy_plateau_or_a_short_spike() {
    Trace noisy = TraceBuilder.trace().losses(200, s -> 1 + 0.3 * noise(s, 0, 5)).build();
    Trace spike = TraceBuilder.trace().losses(1, 0.9, 5, 0.8, 0.7, 0.6, 0.6, 0.5).build();

    assertThat(findings(new LossDivergenceRule(), noisy)).isEmpty();
    assertThat(findings(new LossDivergenceRule(), spike)).isEmpty();
    RuleTesting.silentOnHealthy(new LossDivergenceRule());
  }

  // ---- nan-inf ----------------------------------------------------------------------------------

  @Test
  void should_report_nan_inf_at_the_recorded_origin() {
    Trace trace = TraceBuilder.trace()
        .step(1, s -> s.parameter("w1", new double[] {1, 2}, 1e-3))
        .step(5, s -> s.parameter("w1", new double[] {Double.NaN, 2}, 1e-3)
            .nanOrigin(new NanOrigin("pkg.Net#softmax:e", at("softmax", 90), 0, 3)))
        .build();

    Finding finding = only(new NanInfRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net#softmax:e");
    assertThat(finding.location()).isEqualTo(at("softmax", 90));
    assertThat(finding.step()).isEqualTo(5);
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).isEqualTo(
        "e in softmax first holds 3 infinite values at step 5, produced at Net.java:90");
    assertThat(finding.evidence()).containsEntry("infCount", 3L)
        .containsEntry("threshold", "Thresholds.NON_FINITE_COUNT = 0");
  }

  @Test
  void should_report_nan_inf_from_statistics_when_there_is_no_origin() {
    Trace trace = TraceBuilder.trace()
        .step(2, s -> s.parameter("w1", new double[] {1, 2}, 1e-3)
            .parameter("w2", new double[] {Double.NaN, Double.NaN}, 1e-3))
        .step(3, s -> s.parameter("w1", new double[] {Double.NaN, 2}, 1e-3))
        .build();

    Finding finding = only(new NanInfRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net.w2");
    assertThat(finding.step()).isEqualTo(2);
    assertThat(finding.message()).isEqualTo(
        "w2 first holds 2 NaN values at step 2, produced at Net.java:41");
  }

  @Test
  void should_stay_silent_on_nan_inf_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new NanInfRule());
  }
}
