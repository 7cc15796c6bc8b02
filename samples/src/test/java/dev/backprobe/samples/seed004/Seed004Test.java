package dev.backprobe.samples.seed004;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.SampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed004Test {
  /** Cross-entropy of a uniform guess over 10 classes, ln 10. */
  static final double UNIFORM_CROSS_ENTROPY = Math.log(10);

  @Test
  void should_report_a_rising_loss_while_accuracy_rises_when_posted() throws Exception {
    SampleRun run = SampleRun.of(Seed004Posted.class);
    List<Double> loss = run.series("val loss");
    List<Double> acc = run.series("val acc");
    int best = 0;
    for (int i = 1; i < loss.size(); i++) {
      if (loss.get(i) < loss.get(best)) {
        best = i;
      }
    }
    int last = loss.size() - 1;
    assertThat(best).as("the loss bottoms out before the end").isLessThan(last);
    assertThat(loss.get(last)).isGreaterThan(loss.get(best) + 0.5);
    assertThat(acc.get(last)).isGreaterThan(acc.get(best)).isGreaterThan(0.8);
    assertThat(run.finalLoss()).as("worse than a uniform guess").isGreaterThan(UNIFORM_CROSS_ENTROPY);
  }

  @Test
  void should_end_far_below_the_posted_loss_when_fixed() throws Exception {
    SampleRun run = SampleRun.of(Seed004Fixed.class);
    List<Double> acc = run.series("val acc");
    assertThat(run.finalLoss()).isLessThan(UNIFORM_CROSS_ENTROPY / 3);
    assertThat(acc.get(acc.size() - 1)).isGreaterThan(0.8);
  }
}
