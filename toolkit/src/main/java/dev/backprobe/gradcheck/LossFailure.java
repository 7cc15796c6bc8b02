package dev.backprobe.gradcheck;

/** The loss threw while the checker evaluated it; carries a one-line reason. */
final class LossFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LossFailure(String reason, Throwable cause) {
    super(reason, cause);
  }
}
