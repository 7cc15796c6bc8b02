package testbed;

/**
 * Says whether the agent's writer warm-up runs beside {@code main}, on what kind of thread, and
 * waits for it to end. The warm-up needs a few hundred milliseconds, far more than the JVM takes
 * from {@code premain} to {@code main}, so it is always still running when this looks.
 */
public final class WarmupWatch {
  private static final String NAME = "backprobe-warmup";
  private static final long WAIT_MILLIS = 60_000;

  private WarmupWatch() {}

  public static void main(String[] args) throws InterruptedException {
    Thread warmup =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(NAME))
            .findFirst()
            .orElse(null);
    if (warmup == null) {
      System.out.println("no warm-up thread");
      return;
    }
    System.out.println("daemon " + warmup.isDaemon() + ", priority " + warmup.getPriority());
    warmup.join(WAIT_MILLIS);
    System.out.println(warmup.isAlive() ? "still warming up" : "warmed up");
  }
}
