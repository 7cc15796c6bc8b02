package dev.backprobe.gradcheck;

/** The outcome of checking one tensor. */
public enum CheckVerdict {
  /** The update descends (or the gradient matches) within tolerance. */
  AGREES,
  /** The update moves the tensor uphill: cos(Δθ, −∇L) &lt; 0 or the directional derivative along Δθ is positive. */
  CLIMBS,
  /** Direction or scale disagrees with the numeric gradient beyond tolerance, without climbing. */
  MISMATCH,
  /**
   * The gradient (or update) is below the finite-difference noise floor, or the update moved its
   * values by one ulp of their storage at most (rounding): nothing can be said.
   */
  BELOW_NOISE_FLOOR,
  /** Too many coordinates crossed a kink (a ReLU changed pieces) for the check to mean anything. */
  KINK,
  /** The step did not change this tensor. */
  NO_UPDATE,
  /** The check was not run (budget, or no loss to replay). */
  NOT_CHECKED
}
