package dev.backprobe.model;

/** The training step threw while Backprobe ran it; the message names what it threw. */
public final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StepFailedException(Throwable cause) {
    super("the training step threw " + describe(cause), cause);
  }

  /** {@code java.lang.IllegalStateException: its message}, on one line. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getName() + (message == null ? "" : ": " + message.lines().findFirst()
        .orElse(""));
  }
}
