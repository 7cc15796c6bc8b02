package dev.backprobe.gradcheck;

import java.util.Objects;

/**
 * One step's update of one tensor with the numeric gradient measured before it.
 *
 * @param step the training step, 1-based (step 1 is the optimizer's first: no momentum yet)
 * @param update Δθ of that step, row-major (not modified)
 * @param gradient the numeric gradient at θ before the step, from {@link TensorResult#gradient()}
 */
public record UpdateObservation(int step, double[] update, NumericGradient gradient) {

  public UpdateObservation {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(gradient, "gradient");
  }
}
