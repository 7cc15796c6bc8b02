package dev.backprobe.gradcheck;

/**
 * Evaluates the loss for the checker: counts evaluations, records the kink signature that goes with
 * each value, and turns an exception into a {@link LossFailure} (after which callers restore what
 * they perturbed).
 */
final class LossProbe {
  private final LossFunction loss;
  private final KinkProbe kinks;
  private int evaluations;
  private long lastSignature;

  LossProbe(LossFunction loss, KinkProbe kinks) {
    this.loss = loss;
    this.kinks = kinks;
  }

  /** The loss at the parameters' current values. */
  double evaluate() {
    evaluations++;
    double value;
    try {
      value = loss.evaluate();
    } catch (Exception | LinkageError | StackOverflowError e) {
      String what = e.getMessage() == null ? "" : ": " + e.getMessage();
      throw new LossFailure("the loss threw " + e.getClass().getSimpleName() + what, e);
    }
    lastSignature = kinks == null ? 0 : kinks.signature();
    return value;
  }

  /** Signature of the pieces used by the last evaluation (0 without a kink probe). */
  long lastSignature() {
    return lastSignature;
  }

  boolean hasKinkProbe() {
    return kinks != null;
  }

  int evaluations() {
    return evaluations;
  }
}
