package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.gradcheck.NumericGradient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies one step after it ran: snapshots the live state, restores the state from before the
 * step, has the {@link GradientOracle} compare Δθ with the numeric gradient of the replayed loss,
 * and restores the live state, all with the bridge muted and the trainer's output swallowed.
 */
final class Verifier {

  /**
   * What a verification produced: the checks, the loss at θ_before (NaN when unknown), and per
   * tensor the update Δθ and the numeric gradient it was compared with (for the update-model fit).
   */
  record Result(
      List<GradientCheck> checks,
      double lossBefore,
      Map<String, double[]> deltas,
      Map<String, NumericGradient> gradients) {

    Result(List<GradientCheck> checks, double lossBefore) {
      this(checks, lossBefore, Map.of(), Map.of());
    }
  }

  private final ModelAccess model;
  private final GradientOracle oracle;
  private final Problems problems;

  Verifier(ModelAccess model, GradientOracle oracle, Problems problems) {
    this.model = model;
    this.oracle = oracle;
    this.problems = problems;
  }

  Result verify(
      int step,
      Object root,
      ModelAccess.StateSnapshot before,
      Map<String, double[]> afterValues,
      LossReplay loss) {
    try {
      return Quiet.call(() -> run(step, root, before, afterValues, loss));
    } catch (Exception | LinkageError | StackOverflowError e) {
      problems.report(
          "verify:" + loss.method(),
          "step " + step + " could not be verified: replaying " + loss.method() + " failed",
          e);
      return new Result(List.of(), Double.NaN);
    }
  }

  private Result run(
      int step,
      Object root,
      ModelAccess.StateSnapshot before,
      Map<String, double[]> afterValues,
      LossReplay loss)
      throws Exception {
    ModelAccess.StateSnapshot live = model.capture(root);
    try {
      before.restore();
      double lossBefore;
      try {
        lossBefore = loss.evaluate();
      } catch (Exception e) {
        reportReplayFailure(step, loss, Problems.describe(e));
        return new Result(List.of(), Double.NaN);
      }
      List<GradientOracle.Update> updates = new ArrayList<>();
      for (ModelAccess.ParameterTensor p : model.parameters(root)) {
        double[] after = afterValues.get(p.name());
        if (after == null || after.length != p.view().size()) {
          continue;
        }
        double[] delta = p.view().toArray(); // the values before the step, read in bulk
        for (int i = 0; i < delta.length; i++) {
          delta[i] = after[i] - delta[i];
        }
        updates.add(new GradientOracle.Update(p.name(), p.view(), delta));
      }
      GradientOracle.Outcome outcome = oracle.checkUpdates(step, updates, loss::evaluate, null);
      if (outcome.failure() != null) {
        reportReplayFailure(step, loss, outcome.failure());
      }
      List<GradientCheck> checks = withUnchangedSiblings(step, updates, outcome.checks(), loss);
      Map<String, double[]> deltas = new LinkedHashMap<>();
      for (GradientOracle.Update u : updates) {
        deltas.put(u.name(), u.delta());
      }
      return new Result(checks, lossBefore, deltas, outcome.gradients());
    } finally {
      live.restore();
    }
  }

  /**
   * A tensor the step left unchanged while the same field of its siblings moved ({@code
   * layers[1].b} still, {@code layers[0].b} and {@code layers[2].b} updated) is a parameter the step
   * forgot, unless the loss does not depend on it: its gradient is measured (DESIGN.md defines a
   * parameter as a field the step changes, so it would otherwise just be left out). Its NO_UPDATE
   * check is replaced by one of the update 0 against that gradient: MISMATCH when the loss depends
   * on it, BELOW_NOISE_FLOOR with a zero gradient for state such as that layer's velocity.
   */
  private List<GradientCheck> withUnchangedSiblings(
      int step, List<GradientOracle.Update> updates, List<GradientCheck> checks, LossReplay loss) {
    java.util.Set<String> moving = new java.util.HashSet<>();
    for (GradientOracle.Update u : updates) {
      if (!isZero(u.delta())) {
        moving.add(siblingPattern(u.name()));
      }
    }
    List<GradientOracle.Update> still = new ArrayList<>();
    for (GradientOracle.Update u : updates) {
      String pattern = siblingPattern(u.name());
      if (!pattern.equals(u.name()) && moving.contains(pattern) && isZero(u.delta())) {
        still.add(u);
      }
    }
    if (still.isEmpty()) {
      return checks;
    }
    Map<String, GradientCheck> measured = new java.util.HashMap<>();
    for (GradientCheck c : oracle.checkUnchanged(step, still, loss::evaluate).checks()) {
      measured.put(
          c.tensor(),
          new GradientCheck(
              c.tensor(), c.step(), CheckSubject.UPDATE, c.mode(), c.size(), c.lossEvaluations(),
              Double.NaN, c.relativeError(), Double.NaN, Double.NaN, c.gradientNorm(), 0,
              c.noiseFloor(), c.kinkCrossings(), c.belowNoiseFloor(), c.verdict()));
    }
    List<GradientCheck> merged = new ArrayList<>(checks.size());
    for (GradientCheck c : checks) {
      merged.add(measured.getOrDefault(c.tensor(), c));
    }
    return merged;
  }

  /** The name with every index replaced by {@code []}: {@code n.layers[1].b} → {@code n.layers[].b}. */
  static String siblingPattern(String name) {
    return name.replaceAll("\\[\\d+\\]", "[]");
  }

  private static boolean isZero(double[] v) {
    for (double x : v) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * DESIGN.md: a loss that throws during replay is reported once in the report and on stderr. One
   * key per loss method, whether the first evaluation or a perturbed one failed, so a loss that
   * fails at every captured step is said once (naming the step it was first seen at; step 1 is
   * verified late, once the loss is known, so that need not be the earliest step it cost).
   */
  private void reportReplayFailure(int step, LossReplay loss, String failure) {
    problems.report(
        "replay:" + loss.method(),
        "the loss " + loss.method() + " failed while being replayed; the captured steps where it"
            + " failed are not verified (step " + step + ": " + failure + ")",
        null);
  }

  /** A placeholder check for a tensor that could not be verified (no loss, no snapshot). */
  static GradientCheck notChecked(String tensor, int step, int size, double updateNorm) {
    return new GradientCheck(
        tensor,
        step,
        CheckSubject.UPDATE,
        size <= 0 ? CheckMode.COORDINATES : CheckMode.DIRECTIONS,
        size,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        updateNorm,
        Double.NaN,
        0,
        0,
        CheckVerdict.NOT_CHECKED);
  }
}
