package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalarSamplesTest {

  private static ScalarSamples calledWithTheirIndex(int calls) {
    ScalarSamples samples = new ScalarSamples();
    for (int i = 0; i < calls; i++) {
      samples.add(i);
    }
    return samples;
  }

  @Test
  void should_keep_every_call_while_the_buffer_has_room() {
    double[] values = calledWithTheirIndex(ScalarSamples.CAPACITY).values();

    assertThat(values).hasSize(ScalarSamples.CAPACITY);
    assertThat(values[ScalarSamples.CAPACITY - 1]).isEqualTo(ScalarSamples.CAPACITY - 1);
  }

  @Test
  void should_spread_its_samples_evenly_over_many_more_calls_than_it_holds() {
    // GIVEN a first layer's 3 000 calls followed by a second layer's 1 000
    ScalarSamples samples = calledWithTheirIndex(4_000);

    // THEN the calls kept are 0, s, 2s, … up to the end, never more than the capacity
    double[] values = samples.values();
    assertThat(values.length).isBetween(ScalarSamples.CAPACITY / 2, ScalarSamples.CAPACITY);
    double stride = values[1] - values[0];
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).isEqualTo(i * stride);
    }
    assertThat(values[values.length - 1]).as("the second layer is sampled").isGreaterThan(3_000);
    assertThat(samples.calls()).isEqualTo(4_000);
  }

  @Test
  void should_have_no_samples_before_the_first_call() {
    assertThat(new ScalarSamples().values()).isEmpty();
  }
}
