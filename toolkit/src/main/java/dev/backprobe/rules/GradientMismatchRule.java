package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code gradient-mismatch}: an update (or analytic gradient) disagrees with the numeric gradient
 * without climbing. Seen two ways: the checker's {@link CheckVerdict#MISMATCH} verdict, and, for
 * plain SGD, an effective learning rate −Δθ·g/‖g‖² that differs between the tensors of one step —
 * all tensors of a plain-SGD step share one learning rate, so an outlier was scaled differently
 * (not averaged over the batch, or computed from one example). The per-step verdict assumes
 * Δθ ∥ −g, so it is read only where the run's update model makes that true (see {@link
 * #sgdVerdictHolds}).
 */
public final class GradientMismatchRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.GRADIENT_MISMATCH,
          Severity.ERROR,
          "The update (or an analytic gradient) disagrees with the numeric gradient of the loss.",
          "Per tensor, at captured steps: the cosine between Δθ and −∇L is well below 1 or the"
              + " relative error is above tolerance; or, for plain SGD, the tensor's effective"
              + " learning rate −Δθ·g/‖g‖² differs from the other tensors' of the same step; or the"
              + " step never updates a tensor the loss depends on while the same field of its"
              + " siblings is updated (any update model).",
          List.of(
              "a bias delta assigned (=) per example instead of accumulated (+=)",
              "one layer's gradient summed over the batch while the others are averaged",
              "a wrong transpose or a missing activation derivative in the backward pass",
              "the backward pass derived for another loss than the one reported (MSE through a"
                  + " softmax while the loss is cross-entropy)",
              "one layer's update line missing or skipped by a condition"),
          "Derive the backward pass from the loss the trainer reports, accumulate per-example"
              + " gradients, and scale every tensor's gradient the same way.",
          List.of(
              Thresholds.GRADIENT_RELATIVE_ERROR,
              Thresholds.GRADIENT_COSINE,
              Thresholds.LEARNING_RATE_SPREAD_COORDINATES,
              Thresholds.LEARNING_RATE_SPREAD_DIRECTIONS,
              Thresholds.LEARNING_RATE_SAME_FACTOR,
              Thresholds.ADAPTIVE_FIRST_STEP_EVENNESS),
          "Checks below the noise floor or across kinks never count. The learning-rate comparison"
              + " is skipped for momentum and adaptive updates, whose per-tensor step sizes differ"
              + " by design. With momentum only step 1 (no velocity yet) is compared with −∇L; with"
              + " an adaptive update (Adam, RMSprop) no step is, since a per-coordinate scaling is"
              + " never parallel to the gradient: only its descent is checked, by gradient-sign. A"
              + " run labelled adaptive whose step-1 update is uneven (rms/max below"
              + " ADAPTIVE_FIRST_STEP_EVENNESS, unlike any adaptive first step) has its per-step"
              + " checks read as SGD's. The agent re-reads its per-step checks under the fitted"
              + " model first: under momentum a later step's check is that of Δθₜ − β·Δθₜ₋₁, under"
              + " an adaptive update step 1's verdict is its per-coordinate sign agreement and a"
              + " later climb stays only when the tensor climbs at every later step. A tensor whose"
              + " update is parallel to its gradient at a rate of its own, the same factor at every"
              + " captured step that is not the size of the step's batch, is a warning (a bias may"
              + " be given its own rate on purpose); a factor equal to the batch size is an error."
              + " A run whose steps draw random numbers from the model's own generators (dropout"
              + " masks, noise) is read as stochastic: no single step's disagreement is a"
              + " mismatch.");

  @Override
  public RuleId id() {
    return RuleId.GRADIENT_MISMATCH;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    Model model = model(trace);
    boolean plainSgd = isPlainSgd(trace);
    Map<String, List<Double>> factors = plainSgd ? rateFactors(trace) : Map.of();
    Set<Integer> batches = plainSgd ? batchSizes(trace) : Set.of();
    List<Finding> findings = new ArrayList<>();
    for (StepTrace step : TraceData.steps(trace)) {
      List<GradientCheck> checks = TraceData.checks(step);
      Optional<GradientCheck> reference = plainSgd ? reference(checks) : Optional.empty();
      boolean verdictHolds = sgdVerdictHolds(model, step);
      for (GradientCheck check : checks) {
        Optional<Spread> spread =
            reference.flatMap(r -> spread(check, r, batches, factors.get(check.tensor())));
        // a tensor the step never moves is wrong under any optimizer once the loss depends on it
        boolean mismatch =
            (verdictHolds || neverUpdated(check)) && check.verdict() == CheckVerdict.MISMATCH;
        if (mismatch || spread.isPresent()) {
          findings.add(finding(step, check, spread, mismatch, model));
        }
      }
    }
    return findings;
  }

  /**
   * Per tensor, its effective learning rate over the step's reference rate at every step where
   * both could be compared, so that a rate of its own (the same factor at every step) is told
   * from a scaling that varies.
   */
  private static Map<String, List<Double>> rateFactors(Trace trace) {
    Map<String, List<Double>> factors = new LinkedHashMap<>();
    for (StepTrace step : TraceData.steps(trace)) {
      List<GradientCheck> checks = TraceData.checks(step);
      Optional<GradientCheck> reference = reference(checks);
      if (reference.isEmpty()) {
        continue;
      }
      for (GradientCheck check : checks) {
        if (check != reference.get() && comparable(check)) {
          factors
              .computeIfAbsent(check.tensor(), k -> new ArrayList<>())
              .add(check.effectiveLearningRate() / reference.get().effectiveLearningRate());
        }
      }
    }
    return factors;
  }

  /**
   * The dimensions of the steps' input matrices (one of them counts the examples of a batch), from
   * every step that recorded its inputs: step 1, taken before the step was known, has only the
   * parameters.
   */
  private static Set<Integer> batchSizes(Trace trace) {
    Set<Integer> sizes = new TreeSet<>();
    for (StepTrace step : TraceData.steps(trace)) {
      for (TensorTrace input : TraceData.withRole(step, TensorRole.INPUT)) {
        int[] shape = input.shape();
        if (shape != null && shape.length >= 2) { // a vector is one example's features
          for (int n : shape) {
            if (n >= 2) {
              sizes.add(n);
            }
          }
        }
      }
    }
    return sizes;
  }

  /**
   * The batch size {@code factor} equals (or whose inverse it is), within {@link
   * Thresholds#LEARNING_RATE_SAME_FACTOR}; 0 if none. A gradient summed over the batch where the
   * others take its mean is exactly that factor.
   */
  private static int batchOf(Set<Integer> batches, double factor) {
    double f = factor >= 1 ? factor : 1 / factor;
    for (int n : batches) {
      if (Math.abs(f / n - 1) <= Thresholds.LEARNING_RATE_SAME_FACTOR.value()) {
        return n;
      }
    }
    return 0;
  }

  /** Whether the factors of one tensor are one factor: seen at two steps or more, all alike. */
  private static boolean sameAtEveryStep(List<Double> factors) {
    if (factors == null || factors.size() < 2) {
      return false;
    }
    double min = factors.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = factors.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return min > 0 && max / min - 1 <= Thresholds.LEARNING_RATE_SAME_FACTOR.value();
  }

  /**
   * The model of the update the per-step checks are read under. {@code adaptive} is taken only
   * when step 1, if captured, looks like one: the run's label comes from cosines alone, and an SGD
   * update with a mis-derived tensor (cos 0.8, descending) gets the same label as Adam (AGENT-GAPS
   * U1: FlatNet's assigned bias gradient).
   */
  static Model model(Trace trace) {
    String name = trace.run() == null ? null : trace.run().updateModel();
    if ("momentum".equalsIgnoreCase(name)) {
      return Model.MOMENTUM;
    }
    if ("stochastic".equalsIgnoreCase(name)) {
      return Model.STOCHASTIC;
    }
    if ("adaptive".equalsIgnoreCase(name)) {
      if (!firstStepContradictsAdaptive(trace)) {
        return Model.ADAPTIVE;
      }
      // the label came from later steps alone when step 1 went unverified (a loss found late):
      // an uneven first step rules Adam out, but momentum's later steps read as "adaptive" too
      return firstStepVerified(trace) ? Model.UNCONFIRMED_ADAPTIVE : Model.SGD_OR_MOMENTUM;
    }
    return Model.SGD;
  }

  /** Only plain SGD shares one learning rate between tensors; any other label skips the spread. */
  private static boolean isPlainSgd(Trace trace) {
    String model = trace.run() == null ? null : trace.run().updateModel();
    return model == null || model.equalsIgnoreCase("sgd");
  }

  /**
   * Whether the checker's SGD verdict (Δθ ∥ −g) applies at this step. DESIGN.md, "Optimizers": an
   * adaptive update is a per-coordinate scaling of g, never parallel to it, so only its descent is
   * checked (by {@code gradient-sign}); with momentum Δθ₁ = −η·g₁ (no velocity yet), later steps
   * carry earlier gradients.
   */
  private static boolean sgdVerdictHolds(Model model, StepTrace step) {
    return switch (model) {
      case SGD, UNCONFIRMED_ADAPTIVE -> true;
      case MOMENTUM -> step.step() == 1;
      case ADAPTIVE, SGD_OR_MOMENTUM, STOCHASTIC -> false;
    };
  }

  /** Step 1 was captured and has a check the checker could judge. */
  private static boolean firstStepVerified(Trace trace) {
    return TraceData.steps(trace).stream()
        .filter(s -> s.step() == 1)
        .flatMap(s -> TraceData.checks(s).stream())
        .anyMatch(c -> c.verdict() != CheckVerdict.NOT_CHECKED);
  }

  /** Step 1 was captured and one of its parameter updates is uneven, unlike any adaptive step. */
  private static boolean firstStepContradictsAdaptive(Trace trace) {
    return TraceData.steps(trace).stream()
        .filter(s -> s.step() == 1)
        .flatMap(s -> TraceData.withRole(s, TensorRole.PARAMETER).stream())
        .map(TensorTrace::update)
        .anyMatch(u -> u != null && isUneven(u));
  }

  /**
   * rms over the moved coordinates against the largest |Δθᵢ|; fewer than two moved coordinates say
   * nothing about evenness.
   */
  private static boolean isUneven(TensorStats update) {
    double moved = update.count() * (1 - update.zeroShare());
    double largest = Math.max(Math.abs(update.min()), Math.abs(update.max()));
    if (moved < 2 || !(largest > 0) || !Double.isFinite(update.l2Norm())) {
      return false;
    }
    double rms = update.l2Norm() / Math.sqrt(moved);
    return rms < Thresholds.ADAPTIVE_FIRST_STEP_EVENNESS.value() * largest;
  }

  /**
   * An update check of a tensor the step left unchanged, measured because the same field of its
   * siblings moved (the agent's verifier does that): MISMATCH there means the loss depends on it.
   */
  static boolean neverUpdated(GradientCheck check) {
    return check.subject() == CheckSubject.UPDATE
        && check.updateNorm() == 0
        && check.lossEvaluations() > 0;
  }

  /** Whether a check's effective learning rate can be compared with others'. */
  private static boolean comparable(GradientCheck check) {
    return check.subject() != CheckSubject.GRADIENT
        && (check.verdict() == CheckVerdict.AGREES || check.verdict() == CheckVerdict.MISMATCH)
        && Double.isFinite(check.effectiveLearningRate())
        && check.effectiveLearningRate() > 0;
  }

  /**
   * The step's reference learning rate: the size-weighted median of the comparable tensors', so
   * that the bulk of the model's parameters (the weights, not a few biases) defines it.
   */
  private static Optional<GradientCheck> reference(List<GradientCheck> checks) {
    List<GradientCheck> comparable =
        checks.stream()
            .filter(GradientMismatchRule::comparable)
            .sorted(Comparator.comparingDouble(GradientCheck::effectiveLearningRate))
            .toList();
    if (comparable.size() < 2) {
      return Optional.empty();
    }
    long total = comparable.stream().mapToLong(c -> Math.max(1, c.size())).sum();
    long cumulative = 0;
    for (GradientCheck check : comparable) {
      cumulative += Math.max(1, check.size());
      if (2 * cumulative >= total) {
        return Optional.of(check);
      }
    }
    return Optional.of(comparable.get(comparable.size() - 1));
  }

  private static Optional<Spread> spread(
      GradientCheck check,
      GradientCheck reference,
      Set<Integer> batches,
      List<Double> factors) {
    if (check == reference || !comparable(check)) {
      return Optional.empty();
    }
    Threshold limit =
        check.mode() == CheckMode.COORDINATES && reference.mode() == CheckMode.COORDINATES
            ? Thresholds.LEARNING_RATE_SPREAD_COORDINATES
            : Thresholds.LEARNING_RATE_SPREAD_DIRECTIONS;
    double factor = check.effectiveLearningRate() / reference.effectiveLearningRate();
    if (factor <= limit.value() && factor >= 1 / limit.value()) {
      return Optional.empty();
    }
    int batch = batchOf(batches, factor);
    return Optional.of(
        new Spread(reference, factor, limit, batch, batch == 0 && sameAtEveryStep(factors)));
  }

  private static Finding finding(
      StepTrace step, GradientCheck check, Optional<Spread> spread, boolean mismatch, Model model) {
    String name = Names.shortName(check.tensor());
    boolean update = check.subject() != CheckSubject.GRADIENT;
    List<String> seen = new ArrayList<>();
    Threshold crossed = null;
    if (check.verdict() == CheckVerdict.MISMATCH) {
      seen.add(
          (update ? "cos(Δ" + name + ", −∇L) = " : "cos(∇" + name + ", ∇L) = ")
              + Numbers.fixed2(check.cosine())
              + ", relative error " + Numbers.compact(check.relativeError()));
      if (check.relativeError() > Thresholds.GRADIENT_RELATIVE_ERROR.value()) {
        crossed = Thresholds.GRADIENT_RELATIVE_ERROR;
      } else if (check.cosine() < Thresholds.GRADIENT_COSINE.value()) {
        crossed = Thresholds.GRADIENT_COSINE;
      }
    }
    if (spread.isPresent()) {
      Spread s = spread.get();
      seen.add(
          "its effective learning rate is " + factorText(s.factor()) + " that of "
              + Names.shortName(s.reference().tensor()) + " ("
              + Numbers.compact(check.effectiveLearningRate()) + " vs "
              + Numbers.compact(s.reference().effectiveLearningRate()) + ")"
              + (s.batch() > 0
                  ? ", and the step's batch holds " + s.batch() + " examples"
                  : s.ownRate() ? " at every captured step" : ""));
      if (crossed == null) {
        crossed = s.limit();
      }
    }
    if (neverUpdated(check)) {
      return FindingBuilder.of(RuleId.GRADIENT_MISMATCH, Severity.ERROR)
          .step(step.step())
          .subject(check.tensor())
          .location(TraceData.locationOf(step, check.tensor()))
          .message("the step never updates " + name + ", although the loss depends on it (‖∂L/∂"
              + name + "‖ = " + Numbers.compact(check.gradientNorm())
              + ") and the same field of its siblings is updated")
          .hint("update " + name + " in the step like the other tensors of its kind: its update"
              + " line is missing, skipped by a condition, or writes to a copy")
          .evidence("gradientNorm", check.gradientNorm())
          .evidence("updateNorm", 0.0)
          .evidence("mode", check.mode() == null ? null
              : check.mode().name().toLowerCase(Locale.ROOT))
          .evidence("verdict", check.verdict().name().toLowerCase(Locale.ROOT))
          .evidence("updateModel", model.id)
          .threshold("GradientChecker verdict MISMATCH (its own tolerance): a zero update against"
              + " a gradient above the noise floor")
          .build();
    }
    String subjectText = update ? "the update of " + name : "the gradient of " + name;
    // a tensor that descends along its gradient at a rate of its own, the same factor at every
    // step and not the batch size, may be meant to (a bias learning faster): a warning
    boolean ownRate = !mismatch && spread.isPresent() && spread.get().ownRate();
    FindingBuilder builder =
        FindingBuilder.of(RuleId.GRADIENT_MISMATCH, ownRate ? Severity.WARNING : Severity.ERROR)
            .step(step.step())
            .subject(check.tensor())
            .location(TraceData.locationOf(step, check.tensor()))
            .message(subjectText + " disagrees with the gradient of the loss: "
                + String.join("; ", seen))
            .hint(hint(spread.orElse(null), check.verdict() == CheckVerdict.MISMATCH))
            .evidence("cos", check.cosine())
            .evidence("relativeError", check.relativeError())
            .evidence("effectiveLearningRate", check.effectiveLearningRate())
            .evidence("mode", check.mode() == null ? null
                : check.mode().name().toLowerCase(Locale.ROOT))
            .evidence("verdict", check.verdict().name().toLowerCase(Locale.ROOT))
            .evidence("updateModel", model.id);
    spread.ifPresent(
        s -> builder
            .evidence("referenceTensor", s.reference().tensor())
            .evidence("referenceLearningRate", s.reference().effectiveLearningRate())
            .evidence("learningRateFactor", s.factor())
            .evidence("batchSize", s.batch() > 0 ? s.batch() : null)
            .evidence("sameFactorAtEveryStep", s.ownRate() ? true : null));
    if (crossed != null) {
      builder.threshold(crossed);
    } else {
      builder.threshold("GradientChecker verdict MISMATCH (its own tolerance)");
    }
    return builder.build();
  }

  private static String factorText(double factor) {
    return factor >= 1
        ? Numbers.compact(factor) + "×"
        : "1/" + Numbers.compact(1 / factor);
  }

  private static String hint(Spread spread, boolean mismatch) {
    if (spread != null && !mismatch && spread.batch() > 0) {
      return "every tensor of a plain SGD step should be scaled alike: this tensor's gradient looks "
          + (spread.factor() > 1 ? "summed" : "taken from one example")
          + " where the others are averaged over the " + spread.batch() + " examples of the batch";
    }
    if (spread != null && !mismatch && spread.ownRate()) {
      return "if this tensor is not meant to learn at a rate of its own, scale its gradient like"
          + " the others' (averaged over the batch, accumulated with += over examples)";
    }
    if (spread != null && !mismatch) {
      return "every tensor of a plain SGD step should be scaled alike: average this tensor's"
          + " gradient over the batch like the others (or accumulate it with += over examples)";
    }
    return "derive this tensor's gradient from the loss the trainer reports: accumulate"
        + " per-example deltas with += and check the output error matches the loss";
  }

  /**
   * @param batch the batch size the factor equals (or its inverse), 0 when none does
   * @param ownRate the same factor at every step where the tensor was compared, not the batch's
   */
  private record Spread(
      GradientCheck reference, double factor, Threshold limit, int batch, boolean ownRate) {}


  /** How the updates relate to the gradient, as far as this rule reads the checks. */
  enum Model {
    SGD("sgd"),
    MOMENTUM("momentum"),
    ADAPTIVE("adaptive"),
    /**
     * Labelled adaptive, but step 1 moved unevenly: its checks are read as SGD's, while the
     * learning-rate comparison stays off as for any run not labelled SGD (see {@link
     * #isPlainSgd}).
     */
    UNCONFIRMED_ADAPTIVE("adaptive, unconfirmed by step 1: read as sgd"),
    /**
     * Labelled adaptive from later steps only, with step 1 recorded but not verified and uneven:
     * not Adam, but plain SGD and momentum cannot be told apart without step 1's check, so no
     * step's SGD verdict is read (the descent is still judged by {@code gradient-sign}).
     */
    SGD_OR_MOMENTUM("sgd or momentum: step 1 not verified"),
    /**
     * The steps draw random numbers of their own (dropout masks, noise): each update is a random
     * variable around the gradient step, so no single step's disagreement is a mismatch; a
     * persistent climb is still read by {@code gradient-sign}.
     */
    STOCHASTIC("stochastic: the steps draw random numbers (dropout, noise)");

    private final String id;

    Model(String id) {
      this.id = id;
    }
  }
}
