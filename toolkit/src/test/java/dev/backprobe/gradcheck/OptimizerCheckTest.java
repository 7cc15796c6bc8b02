package dev.backprobe.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerCheckTest {

  private static final double RATE = 0.05;
  private static final double BETA = 0.9;
  private final OptimizerCheck check = new OptimizerCheck(CheckSettings.defaults());

  /** A measured gradient of {@code size} coordinates with noise 1e-9 on each. */
  private static NumericGradient gradient(int size, long seed) {
    Random r = new Random(seed);
    double[] g = new double[size];
    for (int i = 0; i < size; i++) {
      g[i] = r.nextGaussian();
    }
    double[] noise = new double[size];
    Arrays.fill(noise, 1e-9);
    boolean[] usable = new boolean[size];
    Arrays.fill(usable, true);
    return new NumericGradient("w", CheckMode.COORDINATES, null, g, noise, usable);
  }

  private static double[] heavyBall(NumericGradient g, double[] previous, double sign) {
    double[] update = new double[g.count()];
    for (int i = 0; i < update.length; i++) {
      update[i] = sign * RATE * g.projection(i) + BETA * previous[i];
    }
    return update;
  }

  private static GradientCheck raw(CheckVerdict verdict) {
    return new GradientCheck("w", 2, CheckSubject.UPDATE, CheckMode.COORDINATES, 20, 40, 0.3,
        0.5, 0.01, -1, 1, 1, 1e-8, 0, 0, verdict);
  }

  @Test
  void should_pass_when_the_update_is_heavy_ball_momentum_of_the_gradient() {
    // GIVEN a step whose update is −η·g + β·Δθₜ₋₁ with a previous update unrelated to g
    NumericGradient g = gradient(20, 1);
    double[] previous = gradient(20, 2).projections();
    OptimizerCheck.MomentumTerm term =
        OptimizerCheck.MomentumTerm.of(heavyBall(g, previous, -1), previous, g, RATE);

    // WHEN β is fitted and the step judged with it
    OptimizerCheck.MomentumEstimate estimate = OptimizerCheck.fitBeta(List.of(term));
    GradientCheck judged = check.judgeMomentum(raw(CheckVerdict.MISMATCH), term, estimate.beta());

    // THEN β is recovered and the step's own part agrees with −∇L
    assertThat(estimate.beta()).isCloseTo(BETA, within(1e-12));
    assertThat(estimate.relativeResidual()).isLessThan(1e-12);
    assertThat(judged.verdict()).isEqualTo(CheckVerdict.AGREES);
    assertThat(judged.cosine()).isCloseTo(1, within(1e-12));
    assertThat(judged.effectiveLearningRate()).isCloseTo(RATE, within(1e-12));
  }

  @Test
  void should_fail_when_the_velocity_accumulates_the_gradient_with_the_wrong_sign() {
    // GIVEN a tensor fed +η·g into its velocity, with β fitted on a correct one
    NumericGradient g = gradient(20, 3);
    double[] previous = gradient(20, 4).projections();
    OptimizerCheck.MomentumTerm term =
        OptimizerCheck.MomentumTerm.of(heavyBall(g, previous, +1), previous, g, -RATE);

    // WHEN it is judged with β
    GradientCheck judged = check.judgeMomentum(raw(CheckVerdict.MISMATCH), term, BETA);

    // THEN it climbs
    assertThat(judged.verdict()).isEqualTo(CheckVerdict.CLIMBS);
    assertThat(judged.cosine()).isCloseTo(-1, within(1e-12));
  }

  @Test
  void should_measure_full_agreement_for_an_adam_first_step_and_none_for_its_ascent() {
    // GIVEN Adam's first step −η·sign(g) and its ascending twin
    NumericGradient g = gradient(30, 5);
    double[] descent = new double[30];
    for (int i = 0; i < 30; i++) {
      descent[i] = -RATE * Math.signum(g.projection(i));
    }
    double[] ascent = Arrays.stream(descent).map(d -> -d).toArray();

    // WHEN / THEN
    assertThat(check.signAgreement(descent, g)).isEqualTo(1.0);
    assertThat(check.signAgreement(ascent, g)).isEqualTo(0.0);
  }
}
