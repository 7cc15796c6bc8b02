package dev.backprobe.gradcheck;

/**
 * A line through the current parameters along which the checker moves: θ + t·u for a unit vector u
 * (a coordinate axis or a direction). Storage rounds what is written, so a move reports the
 * displacement along u that really happened.
 */
interface Line {

  /**
   * Moves to θ + t·u (modifies the parameter) and returns the displacement along u actually
   * stored.
   */
  double moveTo(double t);

  /** Writes back exactly the values read before the first move. */
  void restore();
}
