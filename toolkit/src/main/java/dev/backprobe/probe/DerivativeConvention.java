package dev.backprobe.probe;

/** Which argument a derivative function expects. */
public enum DerivativeConvention {
  /** d(z) = f'(z): fed the pre-activation z. */
  OF_INPUT,
  /** d(a) = f'(f⁻¹(a)), e.g. a(1 − a) for the sigmoid: fed the activation's output a. */
  OF_OUTPUT,
  /** Matches neither convention. */
  NEITHER
}
