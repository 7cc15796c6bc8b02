package dev.backprobe.agent.runtime;

import java.util.List;

/**
 * Decides which model of the update explains consecutive captured steps: plain SGD, momentum or
 * an adaptive (per-coordinate) rule. The seam over the toolkit's update-model fitting.
 */
public interface UpdateModelFitter {

  /**
   * @param steps consecutive captured steps, in order; per step the update Δθ and the numeric
   *     gradient direction are given for each tensor when known
   * @return {@code sgd}, {@code momentum}, {@code adaptive}, or null when there is too little data
   */
  String fit(List<StepUpdates> steps);

  /** One step's updates and (estimated) gradients, keyed by tensor name, in the same order. */
  record StepUpdates(int step, List<String> names, List<double[]> deltas, List<double[]> gradients) {}
}
