package dev.backprobe.agent.runtime;

/**
 * Which steps are captured: {@code log} (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, … and the last),
 * {@code all}, or {@code every:N} (1, then every N-th: N, 2N, …). The last step of a run cannot be
 * known while it runs; the recorder adds the parameters' final state at exit instead.
 */
public final class CapturePolicy {

  /** The agent option's accepted forms, for messages. */
  public static final String ACCEPTED = "log, all or every:N (N >= 1)";

  private final String spec;
  private final int every;

  private CapturePolicy(String spec, int every) {
    this.spec = spec;
    this.every = every;
  }

  /** {@code every} 0 means {@code log}; 1 means {@code all}. */
  public static CapturePolicy log() {
    return new CapturePolicy("log", 0);
  }

  public static CapturePolicy all() {
    return new CapturePolicy("all", 1);
  }

  public static CapturePolicy every(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("capture=every:N needs N >= 1, got " + n);
    }
    return new CapturePolicy("every:" + n, n);
  }

  /**
   * Parses the option value.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CapturePolicy parse(String value) {
    String v = value == null ? "log" : value.trim();
    if (v.isEmpty() || v.equals("log")) {
      return log();
    }
    if (v.equals("all")) {
      return all();
    }
    if (v.startsWith("every:")) {
      try {
        return every(Integer.parseInt(v.substring("every:".length()).trim()));
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException("capture=" + value + " is not valid: use " + ACCEPTED);
  }

  /** Whether step {@code step} (1-based) is one this policy captures. */
  public boolean wants(int step) {
    if (step < 1) {
      return false;
    }
    if (every == 1) {
      return true;
    }
    if (every > 1) {
      return step == 1 || step % every == 0;
    }
    return isLogStep(step);
  }

  /** 1, 2, 3, 5 and then 1, 2, 5 times a power of ten: 10, 20, 50, 100, 200, 500, … */
  static boolean isLogStep(int step) {
    if (step <= 3 || step == 5) {
      return step >= 1;
    }
    int n = step;
    while (n % 10 == 0) {
      n /= 10;
    }
    return n != step && (n == 1 || n == 2 || n == 5);
  }

  @Override
  public String toString() {
    return spec;
  }
}
