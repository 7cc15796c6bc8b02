package dev.backprobe.agent.runtime;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the agent's work costs the trainer, in nanoseconds: the CPU time of the thread that reads
 * it plus the time the JVM spent in garbage-collection pauses. The {@link Budget} measures the
 * agent's work as the difference of two readings. The recorder works only on the training thread,
 * so that is the CPU time the agent took from the trainer, unaffected by other processes competing
 * for the cores (the wall time of the same work grew threefold on a 2-core machine under a load of
 * 6); the pauses are counted because the agent's snapshots and replays allocate, and a pause stops
 * the trainer as surely as the agent's own code does (on an idle machine the sum is close to the
 * wall time, which is what the overhead goal is measured in).
 */
final class ThreadCpuClock implements LongSupplier {

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final ThreadMXBean threads;
  private final List<GarbageCollectorMXBean> pausingCollectors;

  private ThreadCpuClock(ThreadMXBean threads, List<GarbageCollectorMXBean> pausingCollectors) {
    this.threads = threads;
    this.pausingCollectors = pausingCollectors;
  }

  /**
   * The cost clock, or {@code fallback} when this JVM cannot measure a thread's CPU time (or has
   * that measurement switched off).
   */
  static LongSupplier orElse(LongSupplier fallback) {
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      if (threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
        return new ThreadCpuClock(threads, pausingCollectors());
      }
    } catch (RuntimeException | LinkageError e) {
      // no management support (a stripped-down runtime image): the wall clock will do
    }
    return fallback;
  }

  /**
   * The collectors whose time is pause time. G1's and ZGC's concurrent collectors report the time
   * of work done beside the application ("G1 Concurrent GC", "ZGC Cycles"), which is not a pause.
   */
  private static List<GarbageCollectorMXBean> pausingCollectors() {
    List<GarbageCollectorMXBean> pausing = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = gc.getName();
      if (!name.contains("Concurrent") && !name.contains("Cycles")) {
        pausing.add(gc);
      }
    }
    return List.copyOf(pausing);
  }

  @Override
  public long getAsLong() {
    long pauses = 0;
    for (GarbageCollectorMXBean gc : pausingCollectors) {
      pauses += Math.max(0, gc.getCollectionTime());
    }
    return threads.getCurrentThreadCpuTime() + pauses * NANOS_PER_MILLI;
  }
}
