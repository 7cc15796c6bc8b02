package dev.backprobe.agent.runtime;

import java.util.function.LongSupplier;

/**
 * The share of wall time that the agent's work may take: every capture, verification and probing
 * since the agent started counts, and a capture is allowed only when the time already spent plus
 * the cost of the last capture stays within the share of the wall time elapsed (counting that
 * capture), with the expected cost of writing the report at exit set aside. The opening captures
 * are always allowed, and a small fixed floor of agent time after
 * them too, so that a short run is still captured to its end.
 *
 * <p>Counting from the start, not from the first verified step, is what keeps a run's overhead at
 * the share: a 10 s run of a 266 k-parameter MLP spends 100–150 ms per capture, and the handful of
 * captures made before discovery had chosen the loss (free under the first version of this class)
 * cost 12 % of the run on their own.
 */
public final class Budget {

  /** The default share: the agent contract's {@code budget=5%}. */
  public static final double DEFAULT_SHARE = 0.05;

  /**
   * Captures always allowed, whatever they cost: 3. The first verified step is what the user came
   * for, and the default policy's opening 1, 2, 3 are consecutive steps, which is what telling an
   * update with momentum from plain SGD needs. Their time still counts, so later captures wait.
   */
  static final int ALWAYS_ALLOWED_CAPTURES = 3;

  /**
   * Agent time always allowed after the opening captures, whatever the share: 300 ms, hardly
   * noticed by a person waiting for a run. A run of a second (a toy net, 10 000 steps) would
   * otherwise be captured only at its start (its opening captures, in cold code, cost 100–400 ms
   * alone), so what it did later (units saturating from step 100 on, a loss that kept climbing)
   * would be missed; a later toy-net capture costs 4–35 ms, so this covers a dozen.
   */
  static final long FLOOR_NANOS = 300_000_000L;

  /**
   * The floor admits only captures that cost at most this, a sixth of it (50 ms): it is there to
   * spread at least six cheap captures over a short run, not to buy two more captures of a large
   * network, which on a 10 s run of the 266 k-parameter benchmark MLP (100–150 ms per captured and
   * verified step) were 3 % of its wall time on top of the share.
   */
  static final long FLOOR_CAPTURE_NANOS = FLOOR_NANOS / 6;

  /**
   * What writing {@code findings.json}, {@code trace.json} and the report at exit costs, reserved
   * out of the share from the start: 150 ms, the top of the 130–150 ms that the exit took on the
   * 10 s benchmark MLP run (docs/benchmarks.md, AGENT-GAPS "Overhead", session 3). Without it a run
   * spent the whole share on captures and then the exit on top, 1–3 % of a 10 s run beyond the
   * share; with it a long run's whole overhead converges to the share. The floor does not pay it:
   * a short run keeps its few cheap captures.
   */
  static final long EXIT_RESERVE_NANOS = 150_000_000L;

  private final double share;
  /** Wall time: the run's elapsed time, which the share is of. */
  private final LongSupplier clock;
  /** What the agent's work is measured in ({@link #now}). */
  private final LongSupplier costClock;
  private final long startNanos;
  private long agentNanos;
  private long lastCaptureNanos;
  private int captures;
  /** Agent time spent once the opening captures had started, which the floor applies to. */
  private long nanosAfterOpening;
  /** Whether captured steps wait for their verification: the last capture's cost is unknown. */
  private boolean costPending;

  /** Starts the clock: the run's wall time is counted from here; costs are measured on it too. */
  public Budget(double share, LongSupplier clock) {
    this(share, clock, clock);
  }

  /**
   * Starts the clock, with the agent's costs measured on {@code costClock}: the training thread's
   * CPU time and the collectors' pauses ({@link ThreadCpuClock}) are what the agent's work takes
   * from the trainer whatever else the machine runs, where its wall time grew threefold on a 2-core
   * machine under a load of 6 and took a demo run's later captures (those that reveal saturation)
   * out of the floor.
   */
  public Budget(double share, LongSupplier clock, LongSupplier costClock) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("budget must be in (0%, 100%], got " + share);
    }
    this.share = share;
    this.clock = clock;
    this.costClock = costClock;
    this.startNanos = clock.getAsLong();
  }

  /**
   * Parses {@code 5%}, {@code 0.05} or {@code 100%}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static double parseShare(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_SHARE;
    }
    String v = value.trim();
    try {
      double share =
          v.endsWith("%")
              ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100.0
              : Double.parseDouble(v);
      if (share > 0 && share <= 1) {
        return share;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "budget=" + value + " is not valid: use a share of wall time such as 5% (0% < budget <= 100%)");
  }

  /** A reading of the cost clock: the difference of two is what the agent's work between took. */
  public long now() {
    return costClock.getAsLong();
  }

  /** Whether a capture may start now. */
  public boolean allowsCapture() {
    if (share >= 1 || captures < ALWAYS_ALLOWED_CAPTURES) {
      return true;
    }
    if (costPending) {
      return false; // what the last capture costs is known only once it has been verified
    }
    long elapsed = clock.getAsLong() - startNanos;
    long wanted = agentNanos + EXIT_RESERVE_NANOS + lastCaptureNanos;
    boolean underFloor =
        lastCaptureNanos <= FLOOR_CAPTURE_NANOS
            && nanosAfterOpening + lastCaptureNanos <= FLOOR_NANOS;
    return underFloor || wanted <= share * (elapsed + lastCaptureNanos);
  }

  /** Counts a capture that starts now (allowed or forced). */
  public void captureStarted() {
    captures++;
  }

  /**
   * The step changed (discovery promoted another method): the captures of the old one were
   * dropped, so the new step gets its own opening captures. The time they cost still counts,
   * towards the share and the floor.
   */
  public void restartOpening() {
    captures = 0;
    costPending = false;
  }

  /** Records time the agent spent (capture, verification, probing). */
  public void spent(long nanos) {
    agentNanos += nanos;
    if (captures > ALWAYS_ALLOWED_CAPTURES) {
      nanosAfterOpening += nanos;
    }
  }

  /**
   * The whole cost of the latest captured step, its verification included (already {@link
   * #spent}): the estimate of what the next capture will cost.
   */
  public void captureCost(long nanos) {
    lastCaptureNanos = nanos;
  }

  /**
   * Whether captured steps wait for their verification (discovery has not chosen the loss yet, or
   * the loss's arguments come later): meanwhile only the opening captures are allowed, since what
   * a capture costs is known once it is verified. Its recorded part alone (a third of the whole on
   * the benchmark MLP) would let the floor admit captures it cannot afford.
   */
  public void costPending(boolean pending) {
    costPending = pending;
  }

  public long agentMillis() {
    return agentNanos / 1_000_000L;
  }

  public double share() {
    return share;
  }
}
