package org.example.benchsupport;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Tracks the peak of the heap in use right after each garbage collection (the live set, not the
 * garbage waiting to be collected), for the agent-overhead benchmark. Lives outside the trainer's
 * package so that the agent does not instrument it.
 */
public final class HeapWatch {
  private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

  private HeapWatch() {}

  /** Starts listening to every collector's end-of-collection notifications. */
  public static void start() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                  used += usage.getUsed();
                }
                PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
              },
              null,
              null);
    }
  }

  /**
   * Forces a full collection and returns {@code peakAfterGcMb retainedMb}: the peak live heap over
   * the run and the heap still in use now (what the agent keeps until the JVM exits).
   */
  public static String report() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long retained = heap.getUsed();
    PEAK_AFTER_GC.accumulateAndGet(retained, Math::max);
    return String.format(
        java.util.Locale.ROOT,
        "%.1f %.1f",
        PEAK_AFTER_GC.get() / 1048576.0,
        retained / 1048576.0);
  }
}
