package dev.backprobe.model;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Runs code with {@code System.out} and {@code System.err} discarded, for replaying a loss that
 * prints: the trainer's console output must not show the checker's dozens of extra evaluations.
 * The streams are put back in a {@code finally} block. They are JVM-wide, so output of other
 * threads is discarded for the duration too.
 */
public final class MutedConsole {

  private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

  private MutedConsole() {}

  /** Calls {@code work} with the console muted and returns what it returns. */
  public static <T> T call(Callable<T> work) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(DISCARD);
    System.setErr(DISCARD);
    try {
      return work.call();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Runs {@code work} with the console muted; what it throws passes through unchanged. */
  public static void run(Runnable work) {
    try {
      call(
          () -> {
            work.run();
            return null;
          });
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // unreachable: a Runnable throws no checked exception
    }
  }
}
