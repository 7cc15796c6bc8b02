package dev.backprobe.gradcheck;

import java.util.List;

/**
 * Everything one call of {@link GradientChecker} measured.
 *
 * @param tensors one result per parameter, in the order given
 * @param lossEvaluations every loss evaluation the call made (the per-tensor counts plus the base
 *     evaluation and the noise probes shared by all tensors)
 * @param lossNoise measured standard deviation of the loss's rounding noise, NaN if not measured
 * @param failure why the run stopped early (the loss threw or was not finite), or null
 */
public record CheckRun(
    List<TensorResult> tensors, int lossEvaluations, double lossNoise, String failure) {

  public CheckRun {
    tensors = List.copyOf(tensors);
  }

  /** The checks alone, in the order given. */
  public List<GradientCheck> checks() {
    return tensors.stream().map(TensorResult::check).toList();
  }
}
