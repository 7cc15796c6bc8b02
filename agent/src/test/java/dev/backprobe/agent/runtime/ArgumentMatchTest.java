package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArgumentMatchTest {

  @Test
  void should_find_the_example_and_target_among_the_step_arguments_in_any_order() {
    // GIVEN learn(x, t, rate) and error(t, x) on the same example
    double[] x = {0.5, -1};
    Object[] step = {x, 0.25, 0.05};

    int[] from = ArgumentMatch.projection(step, new Object[] {0.25, x});

    assertThat(from).containsExactly(1, 0);
    assertThat(ArgumentMatch.project(step, from)).containsExactly(0.25, x);
  }

  @Test
  void should_match_a_copy_of_the_example_by_its_values() {
    double[][] batch = {{1, 2}, {3, 4}};
    Object[] step = {batch, new int[] {0, 1}, 0.1};

    int[] from = ArgumentMatch.projection(step, new Object[] {
        new double[][] {{1, 2}, {3, 4}}, new int[] {0, 1}});

    assertThat(from).containsExactly(0, 1);
  }

  @Test
  void should_find_nothing_when_the_loss_was_given_another_example() {
    Object[] step = {new double[] {0.5, -1}, 0.25, 0.05};

    assertThat(ArgumentMatch.projection(step, new Object[] {new double[] {0.7, 2}, 0.25})).isNull();
  }

  @Test
  void should_find_nothing_when_only_primitives_match() {
    // a step size that equals a loss's scalar argument by chance says nothing
    Object[] step = {new double[] {0.5, -1}, 0.05};

    assertThat(ArgumentMatch.projection(step, new Object[] {0.05})).isNull();
  }

  @Test
  void should_not_call_the_trainers_equals() {
    Object[] step = {new AlwaysEqual(), 0.1};

    assertThat(ArgumentMatch.projection(step, new Object[] {new AlwaysEqual()})).isNull();
  }

  private static final class AlwaysEqual {
    @Override
    public boolean equals(Object other) {
      throw new AssertionError("equals() called");
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
