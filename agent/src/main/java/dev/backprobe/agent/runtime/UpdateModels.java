package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSettings;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.gradcheck.NumericGradient;
import dev.backprobe.gradcheck.OptimizerCheck;
import dev.backprobe.rules.Thresholds;
import dev.backprobe.trace.StepTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the model of the update that the verified steps are consistent with, from the gradient
 * checks alone: {@code sgd} when every checked tensor's update is parallel to −∇L at every
 * verified step (whatever each tensor's effective learning rate); otherwise, when the first step
 * is parallel per tensor but later steps are not, {@code momentum} (Δθ keeps a memory of earlier gradients);
 * otherwise {@code adaptive} when every update still descends (Δθ·g &lt; 0) but is not parallel
 * to the gradient (per-coordinate scaling).
 *
 * <p>With the updates and numeric gradients of the earliest verified steps ({@link Observed}) the
 * label is fitted instead ({@link #fit(List, List)}), and the per-step checks are re-read under
 * it: a heavy-ball step's own part Δθₜ − β·Δθₜ₋₁ is what must point along −∇L, and an adaptive
 * first step must move every coordinate against its gradient. Without that, a correct trainer with
 * momentum or Adam on minibatches got gradient errors at every later step (its velocity or moments
 * carry earlier batches' gradients, which may climb the current batch's loss).
 */
final class UpdateModels {

  /**
   * Verified steps whose updates and gradients are kept for the fit: step 1 and the two after it,
   * the consecutive start of the default capture (1, 2, 3, 5, …); two consecutive pairs fit β.
   */
  static final int OBSERVED_STEPS = 3;

  /**
   * Smallest fitted β read as momentum rather than plain SGD whose later steps merely disagree: the
   * momentum values in use start at 0.5 (Sutskever et al. 2013 use 0.5–0.999; CS231n quotes 0.5,
   * 0.9, 0.99), so 0.05 is an order of magnitude below any deliberate choice.
   */
  static final double MIN_MOMENTUM = 0.05;

  /**
   * Largest relative residual ‖Δθₜ + η·gₜ − β·Δθₜ₋₁‖/‖Δθₜ‖ of the pooled heavy-ball fit for the
   * label: a correct trainer fits to rounding (≈1e-6 in float), and the label only decides how the
   * checks are read — each tensor's step is then judged with the checker's own tolerance. 0.1
   * still means the model explains 99% of the update's energy.
   */
  static final double MOMENTUM_FIT_RESIDUAL = 0.1;

  /**
   * Share of step 1's checked tensors that must look like an adaptive first step for
   * the adaptive label: more than half, so one mis-derived tensor neither makes nor breaks it.
   */
  static final double ADAPTIVE_MAJORITY = 0.5;

  /**
   * Share of coordinates moving against their gradient for an adaptive first step: the toolkit's
   * {@code UpdateModelFitter.ADAPTIVE_SIGN_AGREEMENT} (a positive per-coordinate scaling flips no
   * sign; 5% slack for coordinates just above the noise floor).
   */
  static final double ADAPTIVE_SIGN_AGREEMENT = 0.95;

  /**
   * Below this share of agreeing coordinates an adaptive first step climbs: most coordinates move
   * along +g (the same line as {@code UpdateModelFitter}'s CLIMBS verdict).
   */
  static final double ADAPTIVE_SIGN_CLIMBS = 0.5;

  /**
   * Later captured steps a tensor must climb at, all of them, for a climb under an adaptive update
   * to count: Adam's first moment (β₁ = 0.9) carries about ten earlier batches' gradients, so one
   * step may climb the current batch's loss, while an optimizer fed +∇L climbs at every step.
   */
  static final int ADAPTIVE_PERSISTENT_CLIMBS = 2;

  /**
   * Verified steps kept for the momentum judgement beyond the {@link #OBSERVED_STEPS} earliest, as
   * a few projections per tensor each: enough for every captured step of the default capture and
   * of {@code every:N} over a long run, at a few kilobytes per step.
   */
  static final int MAX_OBSERVED_STEPS = 256;

  /**
   * One verified step, by tensor name: its updates Δθ and numeric gradients while it is among the
   * earliest (empty maps after {@link #reduced}), and, when the previous step's update was
   * recorded, the projections that judge it under momentum.
   */
  record Observed(
      int step,
      Map<String, double[]> deltas,
      Map<String, NumericGradient> gradients,
      Map<String, OptimizerCheck.MomentumTerm> terms) {

    static Observed of(int step, Verifier.Result result, Map<String, double[]> previousDelta) {
      Map<String, OptimizerCheck.MomentumTerm> terms = new HashMap<>();
      if (previousDelta != null) {
        for (Map.Entry<String, NumericGradient> g : result.gradients().entrySet()) {
          double[] update = result.deltas().get(g.getKey());
          double[] previous = previousDelta.get(g.getKey());
          if (update != null && previous != null && previous.length == update.length) {
            terms.put(
                g.getKey(),
                OptimizerCheck.MomentumTerm.of(update, previous, g.getValue(), Double.NaN));
          }
        }
      }
      return new Observed(step, result.deltas(), perCoordinate(result.gradients()), terms);
    }

    /**
     * The step's momentum projections against the step before it, when this step has none yet and
     * both updates are known: what {@link #term} would compute at the end of the run, computed now
     * so that neither step's gradient has to be kept for it.
     */
    Observed withTermsAfter(Observed before, Map<String, NumericGradient> gradients) {
      if (!terms.isEmpty() || before == null || before.deltas.isEmpty()) {
        return this;
      }
      Map<String, OptimizerCheck.MomentumTerm> computed = new HashMap<>();
      for (Map.Entry<String, NumericGradient> g : gradients.entrySet()) {
        double[] update = deltas.get(g.getKey());
        double[] previous = before.deltas.get(g.getKey());
        if (update != null && previous != null && previous.length == update.length) {
          computed.put(
              g.getKey(), OptimizerCheck.MomentumTerm.of(update, previous, g.getValue(), Double.NaN));
        }
      }
      return new Observed(step, deltas, this.gradients, computed);
    }

    /** The same step without its updates (its successor's projections are computed). */
    Observed withoutDeltas() {
      return new Observed(step, Map.of(), gradients, terms);
    }

    boolean isFull() {
      return !deltas.isEmpty();
    }

    /** The projections alone. */
    Observed reduced() {
      return new Observed(step, Map.of(), Map.of(), terms);
    }
  }

  /**
   * The gradients measured coordinate by coordinate: what the sign agreement of an adaptive first
   * step reads. A gradient measured along random directions holds those directions (five vectors
   * the size of the tensor): kept for three steps of the benchmark's 266 k-parameter MLP, they were
   * 36 MB of the agent's heap until the run's end, for projections computed when the step is seen.
   */
  static Map<String, NumericGradient> perCoordinate(Map<String, NumericGradient> gradients) {
    Map<String, NumericGradient> kept = new HashMap<>();
    gradients.forEach(
        (name, g) -> {
          if (g.mode() == CheckMode.COORDINATES) {
            kept.put(name, g);
          }
        });
    return kept;
  }

  /** after − before per tensor present in both with the same size. */
  static Map<String, double[]> delta(Map<String, double[]> before, Map<String, double[]> after) {
    Map<String, double[]> delta = new HashMap<>();
    for (Map.Entry<String, double[]> e : after.entrySet()) {
      double[] b = before.get(e.getKey());
      double[] a = e.getValue();
      if (b != null && b.length == a.length) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = a[i] - b[i];
        }
        delta.put(e.getKey(), d);
      }
    }
    return delta;
  }

  /** The label and the steps with their checks read under it. */
  record Fit(String model, List<StepTrace> steps) {}

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

  /**
   * The label from the observed steps when they decide it (momentum or adaptive), with the checks
   * re-read under it; otherwise {@link #fit(List)}'s label and the steps unchanged.
   */
  static Fit fit(List<StepTrace> steps, List<Observed> observed) {
    return fit(steps, observed, java.util.Set.of());
  }

  /** Label of a run whose steps draw their own random numbers (see {@link #stochastic}). */
  static final String STOCHASTIC = "stochastic";

  /**
   * Share of the verified steps that must have drawn random numbers from the model's generators for
   * the run to be read as stochastic: a half. Dropout draws at every step; a trainer that
   * reshuffles once per epoch inside its step draws at some.
   */
  static final double STOCHASTIC_SHARE = 0.5;

  /**
   * As {@link #fit(List, List)}, and a run whose verified steps mostly drew random numbers from the
   * model's own generators ({@code stochasticSteps}: dropout masks, noise) is {@link #STOCHASTIC}:
   * its update is a random variable around −η∇L (the check measures the gradient of the loss the
   * trainer evaluates, without the mask), so no step's disagreement is a mismatch, and a climb
   * counts only when the tensor climbs at every judged step, at least {@link
   * #ADAPTIVE_PERSISTENT_CLIMBS} of them: a sign error climbs at each, a mask only now and then.
   */
  static Fit fit(List<StepTrace> steps, List<Observed> observed, java.util.Set<Integer> stochasticSteps) {
    return fit(steps, observed, stochasticSteps, false);
  }

  /**
   * As {@link #fit(List, List, java.util.Set)}; with {@code lossOnOtherData} (the loss was
   * replayed on data of its own, not on the step's), a run whose consecutive opening steps agree
   * with the loss's gradient to different degrees ({@link #batchesVary}) is read as {@link
   * #STOCHASTIC} too: a minibatch step measured against a loss over the whole data set.
   */
  static Fit fit(
      List<StepTrace> steps,
      List<Observed> observed,
      java.util.Set<Integer> stochasticSteps,
      boolean lossOnOtherData) {
    long verified = steps.stream().filter(s -> !s.checks().isEmpty()).count();
    long drawing = steps.stream()
        .filter(s -> !s.checks().isEmpty() && stochasticSteps.contains(s.step()))
        .count();
    if (verified > 0 && drawing >= STOCHASTIC_SHARE * verified
        || lossOnOtherData && batchesVary(steps)) {
      return stochastic(steps);
    }
    return fitDeterministic(steps, observed);
  }

  /**
   * Spread of one tensor's cosine over the consecutive opening steps 1–3 beyond which those steps
   * followed different batches: 0.05. A deterministic step's disagreement with the gradient is a
   * property of its code and barely moves in two steps (a mis-derived tanh: 0.899, 0.901, 0.902; a
   * correct step: 1.000 each time), while a minibatch step measured against a loss over all the
   * data follows each batch's gradient (0.98, 0.83, 0.72 on a logistic regression of 200 examples
   * in batches of 20).
   */
  static final double BATCH_COSINE_SPREAD = 0.05;

  /**
   * Whether some tensor's cosine spreads beyond {@link #BATCH_COSINE_SPREAD} over steps 1–3 while
   * every tensor descends at each of them: a minibatch step's gradient still correlates with the
   * whole data set's that early, where a wrong gradient with a large learning rate moves its
   * cosines as far but climbs somewhere (a sigmoid derivative fed z: −0.19, −0.36, −0.60).
   */
  static boolean batchesVary(List<StepTrace> steps) {
    Map<String, double[]> range = new HashMap<>(); // tensor -> {min, max, count}
    for (StepTrace s : steps) {
      if (s.step() > 3) {
        continue;
      }
      for (GradientCheck c : s.checks()) {
        if (usable(c) && Double.isFinite(c.cosine())) {
          double[] r = range.computeIfAbsent(
              c.tensor(), k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
          if (c.cosine() <= 0) {
            return false;
          }
          r[0] = Math.min(r[0], c.cosine());
          r[1] = Math.max(r[1], c.cosine());
          r[2]++;
        }
      }
    }
    return range.values().stream().anyMatch(r -> r[2] >= 2 && r[1] - r[0] > BATCH_COSINE_SPREAD);
  }

  private static Fit stochastic(List<StepTrace> steps) {
    Map<String, int[]> climbs = new HashMap<>(); // tensor -> {judged steps, climbs}
    for (StepTrace s : steps) {
      for (GradientCheck c : s.checks()) {
        if (usable(c)) {
          int[] n = climbs.computeIfAbsent(c.tensor(), k -> new int[2]);
          n[0]++;
          n[1] += c.verdict() == CheckVerdict.CLIMBS ? 1 : 0;
        }
      }
    }
    List<StepTrace> read = new ArrayList<>();
    for (StepTrace s : steps) {
      List<GradientCheck> checks = new ArrayList<>();
      for (GradientCheck c : s.checks()) {
        int[] n = climbs.get(c.tensor());
        boolean persistentClimb =
            n != null && n[1] == n[0] && n[0] >= ADAPTIVE_PERSISTENT_CLIMBS;
        if (c.verdict() == CheckVerdict.MISMATCH
            || c.verdict() == CheckVerdict.CLIMBS && !persistentClimb) {
          checks.add(withVerdict(c, CheckVerdict.NOT_CHECKED));
        } else {
          checks.add(c);
        }
      }
      read.add(withChecks(s, checks));
    }
    return new Fit(STOCHASTIC, read);
  }

  private static Fit fitDeterministic(List<StepTrace> steps, List<Observed> observed) {
    String label = fit(steps);
    Map<Integer, Observed> byStep = new HashMap<>();
    for (Observed o : observed) {
      byStep.put(o.step(), o);
    }
    StepTrace first = steps.stream().filter(s -> s.step() == 1).findFirst().orElse(null);
    Observed one = byStep.get(1);
    if (one != null && !one.isFull()) {
      one = null;
    }
    if ("sgd".equals(label) && laterParallel(steps) || first == null || one == null) {
      return new Fit(label, steps);
    }
    OptimizerCheck judge = new OptimizerCheck(CheckSettings.defaults());
    Fit momentum = momentum(steps, first, byStep, judge);
    if (momentum != null) {
      return momentum;
    }
    Fit adaptive = adaptive(steps, first, one, judge);
    return adaptive != null ? adaptive : new Fit(label, steps);
  }

  /**
   * Heavy ball: step 1 is (anti)parallel to −∇L (no velocity yet) in some tensors, and one β fits
   * the later observed steps of those tensors, each with its own step-1 learning rate (a captured
   * step t whose step t − 1 was not captured has Δθₜ₋₁ from copies of the parameters around it).
   * The other tensors are mis-derived under any model (their step-1 checks say so) and are judged
   * with the same β. Plain SGD with one mis-derived layer fits β ≈ 0, below {@link #MIN_MOMENTUM}.
   * The checks of steps whose previous update is known are replaced by the check of Δθₜ −
   * β·Δθₜ₋₁; the others (it was not recorded) cannot be judged and become NOT_CHECKED.
   */
  private static Fit momentum(
      List<StepTrace> steps, StepTrace first, Map<Integer, Observed> byStep,
      OptimizerCheck judge) {
    Map<String, Double> rates = new HashMap<>();
    boolean spread = false; // a tensor of several coordinates gives β many equations per step
    for (GradientCheck c : first.checks()) {
      if (usable(c)
          && Math.abs(c.cosine()) >= PARALLEL_COSINE
          && Double.isFinite(c.effectiveLearningRate())) {
        rates.put(c.tensor(), c.effectiveLearningRate());
        spread |= c.size() > 1;
      }
    }
    if (!spread) {
      return null;
    }
    List<OptimizerCheck.MomentumTerm> terms = new ArrayList<>();
    for (Observed now : byStep.values()) {
      for (Map.Entry<String, Double> r : rates.entrySet()) {
        OptimizerCheck.MomentumTerm t = term(now, byStep.get(now.step() - 1), r.getKey());
        if (t != null) {
          terms.add(t.withRate(r.getValue()));
        }
      }
    }
    OptimizerCheck.MomentumEstimate estimate = OptimizerCheck.fitBeta(terms);
    if (estimate == null
        || !(estimate.beta() >= MIN_MOMENTUM && estimate.beta() < 1)
        || !(estimate.relativeResidual() <= MOMENTUM_FIT_RESIDUAL)) {
      return null;
    }
    List<StepTrace> read = new ArrayList<>(steps.size());
    for (StepTrace s : steps) {
      if (s.step() == 1) {
        read.add(s);
        continue;
      }
      Observed now = byStep.get(s.step());
      Observed before = byStep.get(s.step() - 1);
      List<GradientCheck> checks = new ArrayList<>();
      for (GradientCheck c : s.checks()) {
        OptimizerCheck.MomentumTerm t = now == null ? null : term(now, before, c.tensor());
        if (t != null && usable(c)) {
          checks.add(judge.judgeMomentum(c, t, estimate.beta()));
        } else {
          checks.add(judgeable(c) ? withVerdict(c, CheckVerdict.NOT_CHECKED) : c);
        }
      }
      read.add(withChecks(s, checks));
    }
    return new Fit("momentum", read);
  }

  /**
   * Adaptive (Adam, RMSprop, AdaGrad): step 1 is not parallel to −∇L everywhere, and most of its
   * tensors moved evenly (Thresholds.ADAPTIVE_FIRST_STEP_EVENNESS), those checked per coordinate
   * with every coordinate against — or, for a tensor fed +∇L, along — its gradient. Step 1's
   * checks get the sign agreement's verdict (a tensor checked along directions: agreement when it
   * moved evenly and does not climb, the checker's slope along Δθ being exact); a later step's climb counts only when the tensor climbs at every
   * later judged step (at least {@link #ADAPTIVE_PERSISTENT_CLIMBS}), else it becomes NOT_CHECKED.
   */
  private static Fit adaptive(
      List<StepTrace> steps, StepTrace first, Observed one, OptimizerCheck judge) {
    int counted = 0;
    int shaped = 0;
    Map<String, Double> agreement = new HashMap<>();
    java.util.Set<String> evenDirections = new java.util.HashSet<>();
    for (GradientCheck c : first.checks()) {
      double[] delta = one.deltas().get(c.tensor());
      if (!usable(c) || delta == null) {
        continue;
      }
      if (c.mode() != CheckMode.COORDINATES) {
        // per-coordinate signs are not measured along random directions: the shape of the step
        // (one size everywhere) and the checker's exact slope along Δθ are what is known
        counted++;
        if (even(delta)) {
          shaped++;
          evenDirections.add(c.tensor());
        }
        continue;
      }
      NumericGradient g = one.gradients().get(c.tensor());
      if (g == null) {
        continue;
      }
      double a = judge.signAgreement(delta, g);
      if (Double.isNaN(a)) {
        continue;
      }
      agreement.put(c.tensor(), a);
      counted++;
      boolean consistent = a >= ADAPTIVE_SIGN_AGREEMENT || a <= 1 - ADAPTIVE_SIGN_AGREEMENT;
      shaped += consistent && even(delta) ? 1 : 0;
    }
    if (counted == 0 || !(shaped > ADAPTIVE_MAJORITY * counted) || allParallel(first.checks())) {
      return null;
    }
    Map<String, int[]> climbs = new HashMap<>(); // tensor -> {judged later steps, climbs}
    for (StepTrace s : steps) {
      if (s.step() == 1) {
        continue;
      }
      for (GradientCheck c : s.checks()) {
        if (usable(c)) {
          int[] n = climbs.computeIfAbsent(c.tensor(), k -> new int[2]);
          n[0]++;
          n[1] += c.verdict() == CheckVerdict.CLIMBS ? 1 : 0;
        }
      }
    }
    List<StepTrace> read = new ArrayList<>(steps.size());
    for (StepTrace s : steps) {
      List<GradientCheck> checks = new ArrayList<>();
      for (GradientCheck c : s.checks()) {
        if (s.step() == 1) {
          Double a = agreement.get(c.tensor());
          boolean even = evenDirections.contains(c.tensor());
          if (c.verdict() == CheckVerdict.CLIMBS || a == null && !even) {
            checks.add(c);
          } else if (a == null) {
            boolean mismatch = c.verdict() == CheckVerdict.MISMATCH;
            checks.add(mismatch ? withVerdict(c, CheckVerdict.AGREES) : c);
          } else {
            checks.add(withVerdict(c,
                a >= ADAPTIVE_SIGN_AGREEMENT ? CheckVerdict.AGREES
                    : a < ADAPTIVE_SIGN_CLIMBS ? CheckVerdict.CLIMBS : CheckVerdict.MISMATCH));
          }
          continue;
        }
        int[] n = climbs.get(c.tensor());
        boolean persistent = n != null && n[0] >= ADAPTIVE_PERSISTENT_CLIMBS && n[1] == n[0];
        checks.add(judgeable(c) && !persistent ? withVerdict(c, CheckVerdict.NOT_CHECKED) : c);
      }
      read.add(withChecks(s, checks));
    }
    return new Fit("adaptive", read);
  }

  /** Whether every later step's checks are parallel to −∇L (plain SGD's signature). */
  private static boolean laterParallel(List<StepTrace> steps) {
    return steps.stream()
        .filter(s -> s.step() > 1)
        .flatMap(s -> s.checks().stream())
        .filter(UpdateModels::usable)
        .allMatch(c -> c.cosine() >= PARALLEL_COSINE);
  }

  /** Adam's first step has one size everywhere it moved (rms/max, as the rules measure it). */
  private static boolean even(double[] delta) {
    double sum = 0;
    double largest = 0;
    int moved = 0;
    for (double d : delta) {
      if (d != 0) {
        moved++;
        sum += d * d;
        largest = Math.max(largest, Math.abs(d));
      }
    }
    if (moved < 2) {
      return true; // one moved coordinate says nothing about evenness
    }
    return Math.sqrt(sum / moved) >= Thresholds.ADAPTIVE_FIRST_STEP_EVENNESS.value() * largest;
  }

  /**
   * The projections that judge one tensor's step under momentum: kept at the step when the
   * previous update was recorded then, else from the two steps' full observations; null when the
   * previous update is unknown.
   */
  private static OptimizerCheck.MomentumTerm term(Observed now, Observed before, String tensor) {
    OptimizerCheck.MomentumTerm kept = now.terms().get(tensor);
    if (kept != null) {
      return kept;
    }
    if (before == null) {
      return null;
    }
    double[] update = now.deltas().get(tensor);
    double[] previous = before.deltas().get(tensor);
    NumericGradient g = now.gradients().get(tensor);
    if (update == null || previous == null || g == null || previous.length != update.length) {
      return null;
    }
    return OptimizerCheck.MomentumTerm.of(update, previous, g, Double.NaN);
  }

  /** A verdict the gradient rules read (climbs, mismatch or agreement). */
  private static boolean judgeable(GradientCheck c) {
    return c.verdict() == CheckVerdict.CLIMBS
        || c.verdict() == CheckVerdict.MISMATCH
        || c.verdict() == CheckVerdict.AGREES;
  }

  private static GradientCheck withVerdict(GradientCheck c, CheckVerdict verdict) {
    return new GradientCheck(
        c.tensor(), c.step(), c.subject(), c.mode(), c.size(), c.lossEvaluations(), c.cosine(),
        c.relativeError(), c.effectiveLearningRate(), c.directionalDerivative(), c.gradientNorm(),
        c.updateNorm(), c.noiseFloor(), c.kinkCrossings(), c.belowNoiseFloor(), verdict);
  }

  private static StepTrace withChecks(StepTrace s, List<GradientCheck> checks) {
    return new StepTrace(
        s.step(), s.loss(), s.tensors(), checks, s.derivativeCalls(), s.nanOrigin());
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
