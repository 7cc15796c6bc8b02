package dev.backprobe.samples.seed001;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.SampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed001Test {
  /** MSE of all-zero outputs against one-hot targets: one 1 in every 10 values. */
  static final double ALL_ZERO_MSE = 0.1;

  @Test
  void should_collapse_every_output_to_zero_when_posted() throws Exception {
    SampleRun run = SampleRun.of(Seed001Posted.class);
    List<String> progress = run.lines().stream().filter(l -> l.startsWith("iteration")).toList();
    assertThat(progress).hasSize(Seed001Posted.ITERATIONS);
    String last = progress.get(progress.size() - 1);
    String outputs = last.substring(last.indexOf('[') + 1, last.indexOf(']'));
    for (String value : outputs.trim().split("\\s+")) {
      assertThat(Double.parseDouble(value)).as(last).isLessThan(1e-3);
    }
    assertThat(run.finalLoss()).isCloseTo(ALL_ZERO_MSE, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void should_climb_when_the_answer_is_applied() throws Exception {
    SampleRun run = SampleRun.of(Seed001Answer.class);
    List<Double> losses = run.series("loss");
    assertThat(run.finalLoss()).isGreaterThan(2 * losses.get(0));
  }

  @Test
  void should_end_far_below_the_posted_loss_when_fixed() throws Exception {
    assertThat(SampleRun.of(Seed001Fixed.class).finalLoss()).isLessThan(ALL_ZERO_MSE / 3);
  }
}
