package dev.backprobe.samples.seed000;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.SampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed000Test {
  /** The broadcast loss of the posted code cannot exceed 6 * 6 * 1 / 2 = 18 (all outputs at 0 or 1). */
  static final double LOSS_CEILING = 18;

  @Test
  void should_climb_toward_18_when_posted() throws Exception {
    SampleRun run = SampleRun.of(Seed000Posted.class);
    List<Double> losses = run.series("sum of squares loss:");
    assertThat(losses.get(0)).as("first loss, the asker saw 9.42").isBetween(9.0, 10.0);
    assertThat(run.finalLoss()).isGreaterThan(LOSS_CEILING - 0.1).isLessThanOrEqualTo(LOSS_CEILING);
    assertThat(losses.get(losses.size() - 1)).isGreaterThan(losses.get(1));
  }

  @Test
  void should_behave_exactly_as_posted_when_the_answer_is_applied() throws Exception {
    // The answer's derivative is the one the posted code already has.
    assertThat(SampleRun.of(Seed000Answer.class).lines())
        .isEqualTo(SampleRun.of(Seed000Posted.class).lines());
  }

  @Test
  void should_descend_when_fixed() throws Exception {
    SampleRun run = SampleRun.of(Seed000Fixed.class);
    List<Double> losses = run.series("sum of squares loss:");
    assertThat(run.finalLoss()).isLessThan(losses.get(0) / 2).isLessThan(LOSS_CEILING / 10);
  }
}
