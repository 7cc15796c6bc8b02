package dev.backprobe.gradcheck;

/** What was compared with the numeric gradient. */
public enum CheckSubject {
  /** An update Δθ produced by one step; it should point along −∇L. */
  UPDATE,
  /** An analytic gradient handed to the API; it should equal ∇L. */
  GRADIENT
}
