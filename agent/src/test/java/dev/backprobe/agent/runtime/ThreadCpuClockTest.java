package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ThreadCpuClockTest {

  private static final long MS = 1_000_000L;

  private final LongSupplier clock = ThreadCpuClock.orElse(() -> -1);

  private static long pauseMillis() {
    long total = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles")) {
        total += Math.max(0, gc.getCollectionTime());
      }
    }
    return total;
  }

  @Test
  void should_be_the_thread_cpu_clock_on_this_jvm() {
    assertThat(clock).isInstanceOf(ThreadCpuClock.class);
  }

  @Test
  void should_count_the_time_of_a_collection() {
    byte[][] garbage = new byte[2000][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[8192]; // something for the collector to trace and copy
    }
    long pausesBefore = pauseMillis();
    long before = clock.getAsLong();
    System.gc(); // a full, stop-the-world collection under the default collectors
    long after = clock.getAsLong();

    assertThat(after - before)
        .as("%d arrays kept", garbage.length)
        .isGreaterThanOrEqualTo((pauseMillis() - pausesBefore) * MS);
  }

  @Test
  void should_not_count_time_the_thread_spends_waiting() throws InterruptedException {
    long before = clock.getAsLong();
    Thread.sleep(300);

    assertThat(clock.getAsLong() - before).isLessThan(100 * MS);
  }

  @Test
  void should_count_time_the_thread_computes() {
    long before = clock.getAsLong();
    long wallEnd = System.nanoTime() + 10_000 * MS; // a bound, for a machine too loaded to run it
    double sink = 0;
    while (clock.getAsLong() - before < 30 * MS && System.nanoTime() < wallEnd) {
      for (int i = 0; i < 10_000; i++) {
        sink += Math.sqrt(i + sink);
      }
    }

    assertThat(clock.getAsLong() - before).as("after %s", sink).isGreaterThanOrEqualTo(30 * MS);
  }
}
