package dev.backprobe.probe;

/** What a candidate derivative function turned out to be. */
public enum DerivativeVerdict {
  /** Correct in one convention. */
  CORRECT,
  /** Equals −f' in some convention, e.g. σ(x)(σ(x) − 1). */
  WRONG_SIGN,
  /** Equals f' without a square where one is needed, e.g. 1 − tanh(x) instead of 1 − tanh²(x). */
  MISSING_SQUARE,
  /** A step function that is 1 where it should be 0 and the reverse (an inverted ReLU step). */
  INVERTED_STEP,
  /** Correct formula, but it is applied twice (f'(f'(z)) or f'(z)·f'(z)). */
  APPLIED_TWICE,
  /** Matches no derivative of the activation. */
  WRONG,
  /**
   * Could not be checked: the candidate threw, returned no finite value or another shape, or the
   * activation has no elementwise derivative (a softmax's is a Jacobian). Added after the others.
   */
  NOT_CHECKED,
  /**
   * The derivative of a (leaky) ReLU whose slope for z &lt; 0 is not the forward pass's: 1 for z &gt;
   * 0, but 0.5 where the forward pass leaks 0.05 (or leaks where a plain ReLU is 0). Added after the
   * others.
   */
  WRONG_SLOPE
}
