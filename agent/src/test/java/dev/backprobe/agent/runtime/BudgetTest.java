package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetTest {

  private static final long MS = 1_000_000L;

  private long now;
  private final Budget budget = new Budget(0.05, () -> now);

  @Test
  void should_allow_everything_before_the_first_verified_step() {
    budget.spent(10_000 * MS, true);

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_allow_captures_within_the_floor_on_a_short_run() {
    budget.startAccounting();
    budget.spent(400 * MS, true);
    now += 200 * MS; // 5% of 200 ms is 10 ms, far less than spent, but within the floor

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_refuse_a_capture_beyond_the_floor_and_the_share() {
    budget.startAccounting();
    budget.spent(600 * MS, true);
    now += 1_000 * MS; // 1.2 s wanted: above the floor and above 5% of 1.6 s

    assertThat(budget.allowsCapture()).isFalse();
  }

  @Test
  void should_allow_a_capture_again_once_enough_wall_time_passed() {
    budget.startAccounting();
    budget.spent(600 * MS, true);
    now += 30_000 * MS; // 5% of 30.6 s = 1.53 s ≥ 1.2 s

    assertThat(budget.allowsCapture()).isTrue();
  }

  @Test
  void should_name_the_accepted_values_for_a_bad_share() {
    assertThat(Budget.parseShare("10%")).isEqualTo(0.10);
    assertThatThrownBy(() -> Budget.parseShare("0%"))
        .hasMessageContaining("budget=0%")
        .hasMessageContaining("5%");
  }
}
