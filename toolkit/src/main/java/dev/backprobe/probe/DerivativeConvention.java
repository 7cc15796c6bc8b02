package dev.backprobe.probe;

/** Which argument a derivative function expects. */
public enum DerivativeConvention {
  /** d(z) = f'(z): fed the pre-activation z. */
  OF_INPUT,
  /** d(a) = f'(f⁻¹(a)), e.g. a(1 − a) for the sigmoid: fed the activation's output a. */
  OF_OUTPUT,
  /** Matches neither convention (or, for a call, which argument it was fed is unknown). */
  NEITHER,
  /**
   * Both conventions give the same function, so it is right whichever it is fed: the ReLU's step
   * (x &gt; 0 ? 1 : 0) is the same of z and of a = relu(z), likewise the leaky ReLU and the identity.
   * Added after the other values; never used for a call's argument.
   */
  BOTH
}
