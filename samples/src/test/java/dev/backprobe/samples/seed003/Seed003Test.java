package dev.backprobe.samples.seed003;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.SampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed003Test {
  /** Mean of x^4 over [0, 1]: the MSE of predicting 0 everywhere. */
  static final double ZERO_FIT_MSE = 0.2;

  @Test
  void should_stay_flat_when_posted() throws Exception {
    SampleRun run = SampleRun.of(Seed003Posted.class);
    List<Double> costs = run.series("Cost:");
    assertThat(run.finalLoss()).isGreaterThan(0.9 * ZERO_FIT_MSE);
    assertThat(Math.abs(run.finalLoss() - costs.get(0))).isLessThan(0.01 * costs.get(0));
    assertThat(run.lines().stream().filter(l -> l.startsWith("fit")).findFirst().orElseThrow())
        .as("the fitted curve at x = 1 stays near 0, not 1")
        .satisfies(line -> assertThat(lastValue(line)).isLessThan(0.1));
  }

  @Test
  void should_follow_the_parabola_when_fixed() throws Exception {
    SampleRun run = SampleRun.of(Seed003Fixed.class);
    assertThat(run.finalLoss()).isLessThan(ZERO_FIT_MSE / 100);
    String fit = run.lines().stream().filter(l -> l.startsWith("fit")).findFirst().orElseThrow();
    assertThat(lastValue(fit)).isBetween(0.9, 1.1);
  }

  private static double lastValue(String line) {
    String[] parts = line.trim().split("\\s+");
    return Double.parseDouble(parts[parts.length - 1]);
  }
}
