package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Separates the model's parameters from the rest of its array fields once the run is known.
 *
 * <p>The recorder captures every array field reachable from the model, because before the first
 * step it cannot know which ones the step will train. DESIGN.md defines a parameter as a field the
 * step changes; two kinds of field fail that in practice and would otherwise feed the ratio rules
 * with nonsense (a cache "updated" by 100% of itself, an input "vanishing" with a zero update):
 *
 * <ul>
 *   <li>fields the step never changes at any captured step: the training data, targets,
 *       constants;
 *   <li>fields the step changes but the loss does not depend on: activations cached by the
 *       forward pass ({@code z1 = …} in {@code forwardPropagate}), optimizer moments. Their numeric
 *       gradient is exactly zero — every ±h evaluation of the loss returned the same value — which
 *       no trained weight shows (its finite differences are tiny near a flat spot, not zero);
 *   <li>fields the loss itself writes ({@code layerIn = …} in a {@code run} that both the loss and
 *       the step call): the verifier computes Δθ after evaluating the loss from the state before
 *       the step, and finds it zero ({@link CheckVerdict#NO_UPDATE}) where the recorder, comparing
 *       with the previous step, saw a change.
 * </ul>
 *
 * Both are dropped from the parameter tensors and their gradient checks; the activations among
 * them are still seen where the forward pass computes them. A zero gradient counts only at a step
 * where the loss moved along some other tensor: a loss flat along every tensor is flat, not a
 * loss that reads none of them. A field the step never changes stays a
 * parameter when its siblings change and the loss depends on it ({@link #isForgotten}).
 */
final class ModelState {

  private ModelState() {}

  /** The steps with only true parameters left among the {@link TensorRole#PARAMETER} tensors. */
  static List<StepTrace> parametersOnly(List<StepTrace> steps) {
    Set<String> changed = new HashSet<>();
    Set<String> read = new HashSet<>();
    Set<String> unread = new HashSet<>();
    Set<String> writtenByLoss = new HashSet<>();
    Set<String> forgotten = new HashSet<>();
    for (StepTrace step : steps) {
      Set<String> changedHere = new HashSet<>();
      for (TensorTrace t : step.tensors()) {
        if (t.role() == TensorRole.PARAMETER && t.update() != null && t.update().l2Norm() != 0) {
          changedHere.add(t.name());
        }
      }
      changed.addAll(changedHere);
      Set<String> readHere = new HashSet<>();
      Set<String> unreadHere = new HashSet<>();
      for (GradientCheck c : step.checks()) {
        if (c.verdict() == CheckVerdict.NO_UPDATE && changedHere.contains(c.tensor())) {
          writtenByLoss.add(c.tensor());
        }
        if (isForgotten(c)) {
          forgotten.add(c.tensor());
        }
        if (c.verdict() == CheckVerdict.NOT_CHECKED || c.lossEvaluations() == 0) {
          continue;
        }
        (lossIgnores(c) ? unreadHere : readHere).add(c.tensor());
      }
      read.addAll(readHere);
      if (!readHere.isEmpty()) {
        // A loss that no tensor moves is flat (a clamped log at its floor, a dead network), and
        // says nothing about which tensors it reads: dropping them all hid weights exploding
        // under a loss stuck at its floor.
        unread.addAll(unreadHere);
      }
    }
    unread.removeAll(read); // one check that moved the loss is enough to make it a parameter
    Set<String> parameters = new HashSet<>(changed);
    parameters.addAll(forgotten); // never changed, but the loss depends on it: a parameter
    parameters.removeAll(unread);
    parameters.removeAll(writtenByLoss);
    List<StepTrace> kept = new ArrayList<>(steps.size());
    for (StepTrace step : steps) {
      kept.add(keep(step, parameters));
    }
    return kept;
  }

  /**
   * Whether one check, on its own, shows a tensor that is state rather than a parameter: the step
   * did not change it (after the loss rewrote it), or the loss does not depend on it.
   */
  static boolean showsState(GradientCheck c) {
    return c.verdict() == CheckVerdict.NO_UPDATE || c.lossEvaluations() > 0 && lossIgnores(c);
  }

  /**
   * A tensor the step left unchanged while its siblings moved, whose measured gradient is above
   * the noise ({@code Verifier}'s unchanged-sibling check): a parameter the step forgot to update.
   */
  static boolean isForgotten(GradientCheck c) {
    return c.subject() == dev.backprobe.gradcheck.CheckSubject.UPDATE
        && c.updateNorm() == 0
        && c.verdict() == CheckVerdict.MISMATCH
        && c.lossEvaluations() > 0;
  }

  /** Every finite difference of the loss along this tensor was exactly zero. */
  private static boolean lossIgnores(GradientCheck c) {
    return c.gradientNorm() == 0 && c.kinkCrossings() == 0 && !(c.directionalDerivative() != 0);
  }

  private static StepTrace keep(StepTrace step, Set<String> parameters) {
    List<TensorTrace> tensors =
        step.tensors().stream()
            .filter(t -> t.role() != TensorRole.PARAMETER || parameters.contains(t.name()))
            .toList();
    List<GradientCheck> checks =
        step.checks().stream().filter(c -> parameters.contains(c.tensor())).toList();
    return new StepTrace(
        step.step(), step.loss(), tensors, checks, step.derivativeCalls(), step.nanOrigin());
  }
}
