package dev.backprobe.gradcheck;

/** How a trainer's updates relate to the gradient, as {@link UpdateModelFitter} found. */
public enum UpdateModel {
  /** Δθₜ = −ηₜ·gₜ (a learning rate per step, so schedules are fine). */
  SGD,
  /** Δθₜ = −η·gₜ + β·Δθₜ₋₁ (heavy ball; Δθ₀ = 0). */
  MOMENTUM,
  /** A positive per-coordinate scaling of the gradient (Adam, RMSprop, AdaGrad). */
  ADAPTIVE,
  /** None of the above explains the updates. */
  UNEXPLAINED
}
