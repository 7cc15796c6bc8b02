package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetTest {

  private static final long MS = 1_000_000L;

  private long now;
  private final Budget budget = new Budget(0.05, () -> now);

  /** Starts n captures, each costing {@code cost} of agent time. */
  private void captures(int n, long cost) {
    for (int i = 0; i < n; i++) {
      budget.captureStarted();
      budget.spent(cost);
      budget.captureCost(cost);
    }
  }

  @Test
  void should_read_costs_on_the_cost_clock_and_the_run_on_the_wall_clock() {
    long[] wall = {0};
    long[] cpu = {0};
    Budget twoClocks = new Budget(0.05, () -> wall[0], () -> cpu[0]);
    for (int i = 0; i < Budget.ALWAYS_ALLOWED_CAPTURES; i++) {
      twoClocks.captureStarted();
    }
    long start = twoClocks.now();
    wall[0] += 900 * MS; // the machine is loaded: the capture's wall time is 900 ms
    cpu[0] += 40 * MS; //   of which the training thread ran 40 ms
    long cost = twoClocks.now() - start;
    twoClocks.spent(cost);
    twoClocks.captureCost(cost);

    assertThat(cost).isEqualTo(40 * MS);
    assertThat(twoClocks.allowsCapture()).as("40 ms fits under the floor").isTrue();
  }

  @Test
  void should_allow_the_opening_captures_whatever_they_cost() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES - 1, 10_000 * MS);

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_allow_captures_within_the_floor_on_a_short_run() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES + 3, 40 * MS);
    now += 200 * MS; // 5% of 200 ms is 10 ms, far less than 280 ms wanted; 160 ms after the opening

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_leave_captures_too_large_for_the_floor_to_the_share() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES, Budget.FLOOR_CAPTURE_NANOS + MS);
    now += 200 * MS; // nothing spent after the opening, but one more would cost above 50 ms

    assertThat(budget.allowsCapture()).isFalse();
  }

  @Test
  void should_allow_only_the_opening_captures_while_their_cost_is_pending() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES - 1, 10 * MS);
    budget.costPending(true);
    assertThat(budget.allowsCapture()).as("the last opening capture").isTrue();

    captures(1, 10 * MS);
    budget.costPending(true);
    assertThat(budget.allowsCapture()).as("waiting for the verification").isFalse();

    budget.spent(30 * MS);
    budget.captureCost(40 * MS);
    budget.costPending(false);
    assertThat(budget.allowsCapture()).as("verified: 40 ms fits under the floor").isTrue();
  }

  @Test
  void should_allow_a_new_opening_when_the_step_changes() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES, 200 * MS);
    budget.costPending(true);
    assertThat(budget.allowsCapture()).isFalse();

    budget.restartOpening();

    assertThat(budget.allowsCapture()).isTrue();
    assertThat(budget.agentMillis()).isEqualTo(600); // the dropped captures' time still counts
  }

  @Test
  void should_refuse_a_capture_beyond_the_floor_and_the_share() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES + 2, 200 * MS);
    now += 5_000 * MS; // 1 400 ms wanted: above 5% of 5.2 s; 600 ms after the opening: above the floor

    assertThat(budget.allowsCapture()).isFalse();
  }

  @Test
  void should_count_the_time_spent_before_any_verification() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES + 1, 100 * MS); // discovery's pending steps count too
    budget.spent(300 * MS); // probing, a late verification: 500 ms after the opening
    now += 10_000 * MS; // 900 ms wanted > 5% of 10.1 s

    assertThat(budget.allowsCapture()).isFalse();
  }

  @Test
  void should_allow_a_capture_again_once_enough_wall_time_passed() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES + 2, 200 * MS);
    now += 28_000 * MS; // 5% of 28.2 s = 1 410 ms >= 1 000 spent + 200 next + 150 for the exit

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_set_the_exit_s_cost_aside_from_the_share() {
    captures(Budget.ALWAYS_ALLOWED_CAPTURES + 2, 200 * MS);
    now += 25_000 * MS; // 5% of 25.2 s = 1 260 ms: room for 1 000 spent + 200 next, not the exit's 150

    assertThat(budget.allowsCapture()).isFalse();
    now += 2_000 * MS; // 5% of 27.2 s = 1 360 ms >= 1 350 ms

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_never_refuse_with_a_share_of_everything() {
    Budget all = new Budget(1.0, () -> now);
    for (int i = 0; i < 10; i++) {
      all.captureStarted();
      all.spent(10_000 * MS);
    }

    assertThat(all.allowsCapture()).isTrue();
  }

  @Test
  void should_name_the_accepted_values_for_a_bad_share() {
    assertThat(Budget.parseShare("10%")).isEqualTo(0.10);
    assertThatThrownBy(() -> Budget.parseShare("0%"))
        .hasMessageContaining("budget=0%")
        .hasMessageContaining("5%");
  }
}
