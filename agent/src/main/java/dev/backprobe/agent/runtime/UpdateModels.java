package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import java.util.List;

/**
 * Names the model of the update that the verified steps are consistent with, from the gradient
 * checks alone: {@code sgd} when every checked tensor's update is parallel to −∇L at every
 * verified step (whatever each tensor's effective learning rate); otherwise, when the first step
 * is parallel per tensor but later steps are not, {@code momentum} (Δθ keeps a memory of earlier gradients);
 * otherwise {@code adaptive} when every update still descends (Δθ·g &lt; 0) but is not parallel
 * to the gradient (per-coordinate scaling).
 */
final class UpdateModels {

  /**
   * Cosine above which an update counts as parallel to −∇L: the checker's own agreement level
   * (relative error 1e-2 ⇔ cosine ≈ 1 − 5e-5); 0.999 leaves room for directional estimates.
   */
  static final double PARALLEL_COSINE = 0.999;

  private UpdateModels() {}

  static String fit(List<StepTrace> steps) {
    StepTrace first = null;
    for (StepTrace s : steps) {
      if (s.checks() != null && s.checks().stream().anyMatch(UpdateModels::usable)) {
        first = s;
        break;
      }
    }
    if (first == null) {
      return null;
    }
    boolean firstParallel = allParallel(first.checks());
    boolean laterParallel = true;
    boolean allDescend = true;
    for (StepTrace s : steps) {
      for (GradientCheck c : s.checks()) {
        if (!usable(c)) {
          continue;
        }
        allDescend &= c.cosine() > 0;
        if (s != first) {
          laterParallel &= c.cosine() >= PARALLEL_COSINE;
        }
      }
    }
    if (firstParallel && laterParallel) {
      // parallel at every step: SGD, even when one tensor's rate differs from the others' (a
      // gradient summed over the batch, or a deliberate per-tensor rate: gradient-mismatch
      // compares them); momentum's later steps carry earlier gradients and are not parallel
      return "sgd";
    }
    if (firstParallel && allDescend) {
      return "momentum";
    }
    if (allDescend) {
      return "adaptive";
    }
    return firstParallel ? "sgd" : null;
  }

  private static boolean usable(GradientCheck c) {
    return c.verdict() != CheckVerdict.NOT_CHECKED
        && c.verdict() != CheckVerdict.NO_UPDATE
        && c.verdict() != CheckVerdict.BELOW_NOISE_FLOOR
        && c.verdict() != CheckVerdict.KINK
        && Double.isFinite(c.cosine());
  }

  private static boolean allParallel(List<GradientCheck> checks) {
    return checks.stream().filter(UpdateModels::usable).allMatch(c -> c.cosine() >= PARALLEL_COSINE);
  }

}
