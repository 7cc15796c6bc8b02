package dev.backprobe.api;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lets a test framework see every {@link Verification} made on the current thread, without the
 * test passing it along: the JUnit extension listens during each test and writes the findings of a
 * failing one. One listener per thread; {@link #listen} returns the handle that removes it.
 */
public final class VerificationListeners {

  private static final ThreadLocal<Consumer<Verification>> LISTENER = new ThreadLocal<>();

  private VerificationListeners() {}

  /** Installs a listener for the current thread until the returned handle is closed. */
  public static Registration listen(Consumer<Verification> listener) {
    Objects.requireNonNull(listener, "listener");
    Consumer<Verification> previous = LISTENER.get();
    LISTENER.set(listener);
    return () -> {
      if (previous == null) {
        LISTENER.remove();
      } else {
        LISTENER.set(previous);
      }
    };
  }

  /** Tells the current thread's listener, if any; a failing listener never fails the caller. */
  static Verification publish(Verification verification) {
    Consumer<Verification> listener = LISTENER.get();
    if (listener != null) {
      try {
        listener.accept(verification);
      } catch (RuntimeException e) {
        // a listener is an observer: its failure must not change what the API returns
      }
    }
    return verification;
  }

  /** Removes a listener. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
