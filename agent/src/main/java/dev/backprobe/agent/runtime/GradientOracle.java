package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.tensor.TensorView;
import java.util.List;

/**
 * Compares parameter updates with the numeric gradient of the loss: the seam over the toolkit's
 * {@code GradientChecker}. The parameters hold θ_before when it is called; it must leave them
 * exactly as it found them.
 */
public interface GradientOracle {

  List<GradientCheck> checkUpdates(
      int step, List<Update> updates, LossEvaluation loss, KinkSignal kinks);

  /** Δθ = θ_after − θ_before of one tensor, row-major, with a live view holding θ_before. */
  record Update(String name, TensorView values, double[] delta) {}

  /** The loss at the parameters' current values. */
  @FunctionalInterface
  interface LossEvaluation {
    double evaluate() throws Exception;
  }

  /**
   * A signature of the piecewise-linear pieces (ReLU on/off patterns) the last loss evaluation went
   * through; a change between the ±h evaluations means the difference crossed a kink.
   */
  @FunctionalInterface
  interface KinkSignal {
    long signature();
  }
}
