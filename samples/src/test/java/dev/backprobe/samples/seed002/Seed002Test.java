package dev.backprobe.samples.seed002;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.SampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed002Test {
  /** Half the squared error of predicting the base rate 12/36 for every point: 0.5 * 36 * (1/3)(2/3). */
  static final double BASE_RATE_ERROR = 4.0;

  @Test
  void should_plateau_far_from_zero_when_posted() throws Exception {
    SampleRun run = SampleRun.of(Seed002Posted.class);
    List<Double> errors = run.series("error");
    List<Double> secondHalf = errors.subList(errors.size() / 2, errors.size());
    double min = secondHalf.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = secondHalf.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertThat(max - min).as("flat over the second half").isLessThan(0.01 * min);
    assertThat(run.finalLoss()).isGreaterThan(0.9 * BASE_RATE_ERROR);
  }

  @Test
  void should_approach_zero_when_fixed() throws Exception {
    assertThat(SampleRun.of(Seed002Fixed.class).finalLoss()).isLessThan(BASE_RATE_ERROR / 10);
  }
}
