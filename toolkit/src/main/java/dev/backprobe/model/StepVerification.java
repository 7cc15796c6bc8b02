package dev.backprobe.model;

import dev.backprobe.gradcheck.CheckRun;
import dev.backprobe.gradcheck.GradientCheck;
import java.util.List;
import java.util.Optional;

/**
 * What verifying one training step found: how every tensor changed, and for each tensor the step
 * changed, how that change compares with the numeric gradient of the loss.
 *
 * @param step the step number the checks carry (1-based; 0 outside a run)
 * @param before the model's state before the step (restore it to replay the loss there)
 * @param after the model's state after the step (the model holds it when verification returns)
 * @param lossBefore the loss before the step, NaN when it could not be evaluated
 * @param lossAfter the loss after the step, NaN when it could not be evaluated
 * @param deltas Δθ of every tensor found in both states, changed or not
 * @param checks one check per tensor the step changed and the loss reads, in the order of {@code
 *     deltas}
 * @param unreadByLoss tensors the step changed but the loss does not depend on (every central
 *     difference exactly zero): caches such as the last forward pass's activations, not parameters
 * @param run the checker's full measurements (numeric gradients, evaluations, loss noise)
 * @param limitations what the snapshots could not capture or restore exactly
 * @param failure why the checks could not run (the loss threw, or was not finite), or null
 */
public record StepVerification(
    int step,
    ModelState before,
    ModelState after,
    double lossBefore,
    double lossAfter,
    List<TensorDelta> deltas,
    List<GradientCheck> checks,
    List<String> unreadByLoss,
    CheckRun run,
    List<String> limitations,
    String failure) {

  public StepVerification {
    deltas = List.copyOf(deltas);
    checks = List.copyOf(checks);
    unreadByLoss = List.copyOf(unreadByLoss);
    limitations = List.copyOf(limitations);
  }

  /** The names of the tensors the step changed (parameters and caches alike). */
  public List<String> changedTensors() {
    return deltas.stream().filter(TensorDelta::changed).map(TensorDelta::name).toList();
  }

  /** The check of the tensor a user's name refers to ({@code w2}, {@code pkg.Net.w2}…). */
  public Optional<GradientCheck> check(String tensor) {
    return checks.stream()
        .filter(c -> c.tensor().equals(tensor))
        .findFirst()
        .or(() -> checks.stream()
            .filter(c -> DiscoveredTensor.matches(c.tensor(), tensor))
            .findFirst());
  }
}
