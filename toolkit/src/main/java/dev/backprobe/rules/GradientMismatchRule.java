package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code gradient-mismatch}: an update (or analytic gradient) disagrees with the numeric gradient
 * without climbing. Seen two ways: the checker's {@link CheckVerdict#MISMATCH} verdict, and, for
 * plain SGD, an effective learning rate −Δθ·g/‖g‖² that differs between the tensors of one step —
 * all tensors of a plain-SGD step share one learning rate, so an outlier was scaled differently
 * (not averaged over the batch, or computed from one example).
 */
public final class GradientMismatchRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.GRADIENT_MISMATCH,
          Severity.ERROR,
          "The update (or an analytic gradient) disagrees with the numeric gradient of the loss.",
          "Per tensor, at captured steps: the cosine between Δθ and −∇L is well below 1 or the"
              + " relative error is above tolerance; or, for plain SGD, the tensor's effective"
              + " learning rate −Δθ·g/‖g‖² differs from the other tensors' of the same step.",
          List.of(
              "a bias delta assigned (=) per example instead of accumulated (+=)",
              "one layer's gradient summed over the batch while the others are averaged",
              "a wrong transpose or a missing activation derivative in the backward pass",
              "the backward pass derived for another loss than the one reported (MSE through a"
                  + " softmax while the loss is cross-entropy)"),
          "Derive the backward pass from the loss the trainer reports, accumulate per-example"
              + " gradients, and scale every tensor's gradient the same way.",
          List.of(
              Thresholds.GRADIENT_RELATIVE_ERROR,
              Thresholds.GRADIENT_COSINE,
              Thresholds.LEARNING_RATE_SPREAD_COORDINATES,
              Thresholds.LEARNING_RATE_SPREAD_DIRECTIONS),
          "Checks below the noise floor or across kinks never count. The learning-rate comparison"
              + " is skipped for momentum and adaptive updates, whose per-tensor step sizes differ"
              + " by design.");

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
    boolean plainSgd = isPlainSgd(trace);
    List<Finding> findings = new ArrayList<>();
    for (StepTrace step : TraceData.steps(trace)) {
      List<GradientCheck> checks = TraceData.checks(step);
      Optional<GradientCheck> reference = plainSgd ? reference(checks) : Optional.empty();
      for (GradientCheck check : checks) {
        Optional<Spread> spread = reference.flatMap(r -> spread(check, r));
        if (check.verdict() == CheckVerdict.MISMATCH || spread.isPresent()) {
          findings.add(finding(step, check, spread));
        }
      }
    }
    return findings;
  }

  private static boolean isPlainSgd(Trace trace) {
    String model = trace.run() == null ? null : trace.run().updateModel();
    return model == null || model.equalsIgnoreCase("sgd");
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

  private static Optional<Spread> spread(GradientCheck check, GradientCheck reference) {
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
    return Optional.of(new Spread(reference, factor, limit));
  }

  private static Finding finding(StepTrace step, GradientCheck check, Optional<Spread> spread) {
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
              + Numbers.compact(s.reference().effectiveLearningRate()) + ")");
      if (crossed == null) {
        crossed = s.limit();
      }
    }
    String subjectText = update ? "the update of " + name : "the gradient of " + name;
    FindingBuilder builder =
        FindingBuilder.of(RuleId.GRADIENT_MISMATCH, Severity.ERROR)
            .step(step.step())
            .subject(check.tensor())
            .location(TraceData.locationOf(step, check.tensor()))
            .message(subjectText + " disagrees with the gradient of the loss: "
                + String.join("; ", seen))
            .hint(hint(spread.isPresent(), check.verdict() == CheckVerdict.MISMATCH))
            .evidence("cos", check.cosine())
            .evidence("relativeError", check.relativeError())
            .evidence("effectiveLearningRate", check.effectiveLearningRate())
            .evidence("mode", check.mode() == null ? null
                : check.mode().name().toLowerCase(Locale.ROOT))
            .evidence("verdict", check.verdict().name().toLowerCase(Locale.ROOT));
    spread.ifPresent(
        s -> builder
            .evidence("referenceTensor", s.reference().tensor())
            .evidence("referenceLearningRate", s.reference().effectiveLearningRate())
            .evidence("learningRateFactor", s.factor()));
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

  private static String hint(boolean spread, boolean mismatch) {
    if (spread && !mismatch) {
      return "every tensor of a plain SGD step should be scaled alike: average this tensor's"
          + " gradient over the batch like the others (or accumulate it with += over examples)";
    }
    return "derive this tensor's gradient from the loss the trainer reports: accumulate"
        + " per-example deltas with += and check the output error matches the loss";
  }

  private record Spread(GradientCheck reference, double factor, Threshold limit) {}
}
