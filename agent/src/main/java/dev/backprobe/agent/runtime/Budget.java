package dev.backprobe.agent.runtime;

import java.util.function.LongSupplier;

/**
 * The share of wall time that capture and verification may take after the first verified step.
 * Before that point everything is allowed (the first verified step is what the user came for);
 * afterwards a capture is allowed only when the time already spent plus the cost of the last capture
 * stays within the share of the wall time elapsed since then, or within a small fixed floor.
 */
public final class Budget {

  /** The default share: the agent contract's {@code budget=5%}. */
  public static final double DEFAULT_SHARE = 0.05;

  /**
   * Agent time always allowed after the first verified step, whatever the share: 1 s. A run of a
   * few seconds (a six-point toy net, 10 000 steps in 0.3 s) would otherwise be captured only at
   * its start — and how much of it depends on how busy the machine is — so what it did at the end
   * (saturated units, a loss that kept climbing) would be missed. A second is hardly noticed by a
   * person waiting for a run; on the runs the share is meant for (minutes) it is negligible.
   */
  static final long FLOOR_NANOS = 1_000_000_000L;

  private final double share;
  private final LongSupplier clock;
  private long agentNanos;
  private long agentNanosAfterStart;
  private long startNanos = -1;
  private long lastCaptureNanos;

  public Budget(double share, LongSupplier clock) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("budget must be in (0%, 100%], got " + share);
    }
    this.share = share;
    this.clock = clock;
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

  public long now() {
    return clock.getAsLong();
  }

  /** Whether a capture may start now. */
  public boolean allowsCapture() {
    if (startNanos < 0 || share >= 1) {
      return true;
    }
    long elapsed = clock.getAsLong() - startNanos;
    long wanted = agentNanosAfterStart + lastCaptureNanos;
    return wanted <= FLOOR_NANOS || wanted <= share * (elapsed + lastCaptureNanos);
  }

  /** Records time the agent spent (capture, verification, probing). */
  public void spent(long nanos, boolean capture) {
    agentNanos += nanos;
    if (startNanos >= 0) {
      agentNanosAfterStart += nanos;
    }
    if (capture) {
      lastCaptureNanos = nanos;
    }
  }

  /** Called once the first step has been verified: from now on the share applies. */
  public void startAccounting() {
    if (startNanos < 0) {
      startNanos = clock.getAsLong();
    }
  }

  public long agentMillis() {
    return agentNanos / 1_000_000L;
  }

  public double share() {
    return share;
  }
}
