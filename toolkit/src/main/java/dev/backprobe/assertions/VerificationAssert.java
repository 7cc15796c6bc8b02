package dev.backprobe.assertions;

import dev.backprobe.api.Verification;
import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.model.DiscoveredTensor;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a {@link Verification}: its findings and its gradient checks, with messages in
 * the terms of the user's tensors, e.g. "expected the update of w2 to descend the loss, but
 * cos(Δw2, −∇L) = −1.00 (step 1)".
 */
public class VerificationAssert extends AbstractAssert<VerificationAssert, Verification> {

  public VerificationAssert(Verification actual) {
    super(actual, VerificationAssert.class);
  }

  /** No finding of severity {@code error}. */
  public VerificationAssert hasNoErrors() {
    isNotNull();
    List<Finding> errors = actual.errors();
    if (!errors.isEmpty()) {
      failWith("expected no errors, but found " + errors.size() + ":" + list(errors));
    }
    return myself;
  }

  /** No finding at all (errors, warnings or infos). */
  public VerificationAssert hasNoFindings() {
    isNotNull();
    if (!actual.findings().isEmpty()) {
      failWith("expected no findings, but found " + actual.findings().size() + ":"
          + list(actual.findings()));
    }
    return myself;
  }

  /** A finding of a rule, e.g. {@code hasFinding("gradient-sign")}. */
  public VerificationAssert hasFinding(String rule) {
    isNotNull();
    if (actual.findings(rule).isEmpty()) {
      failWith("expected a " + rule + " finding, but " + seen());
    }
    return myself;
  }

  /** No finding of a rule. */
  public VerificationAssert hasNoFinding(String rule) {
    isNotNull();
    List<Finding> found = actual.findings(rule);
    if (!found.isEmpty()) {
      failWith("expected no " + rule + " finding, but found " + found.size() + ":" + list(found));
    }
    return myself;
  }

  /**
   * A finding of a rule about one tensor or method: {@code hasFindingOn("gradient-sign", "w2")}.
   * The subject may be named by its full name, its path, or a method's simple name.
   */
  public VerificationAssert hasFindingOn(String rule, String subject) {
    isNotNull();
    List<Finding> ofRule = actual.findings(rule);
    if (ofRule.stream().noneMatch(f -> refersTo(f.subject(), subject))) {
      String others =
          ofRule.isEmpty()
              ? seen()
              : "its " + rule + " findings are on "
                  + ofRule.stream().map(f -> Text.shortName(f.subject()))
                      .collect(Collectors.joining(", "));
      failWith("expected a " + rule + " finding on " + subject + ", but " + others);
    }
    return myself;
  }

  /**
   * Every checked tensor agrees with the numeric gradient, or could not be judged (below the
   * finite-difference noise floor, across kinks); none climbs, mismatches or went unchecked, and at
   * least one agrees.
   */
  public VerificationAssert passesGradientCheck() {
    isNotNull();
    if (actual.checks().isEmpty()) {
      failWith("expected the " + subjectWord() + "s to pass the gradient check, but nothing was"
          + " checked" + (actual.failure() == null ? "" : ": " + actual.failure())
          + (actual.subject() == CheckSubject.UPDATE ? " (the step changed no tensor the loss"
              + " reads)" : ""));
    }
    List<String> problems = actual.checks().stream()
        .filter(c -> isFailure(c.verdict()))
        .map(this::explain)
        .toList();
    if (!problems.isEmpty()) {
      failWith(problems.size() == 1
          ? problems.get(0)
          : "expected every tensor to pass the gradient check, but " + problems.size()
              + " did not:\n  " + String.join("\n  ", problems));
    }
    if (actual.checks().stream().noneMatch(c -> c.verdict() == CheckVerdict.AGREES)) {
      failWith("expected at least one tensor to be confirmed by the gradient check, but none was: "
          + actual.checks().stream()
              .map(c -> Text.shortName(c.tensor()) + " " + verdictWords(c))
              .collect(Collectors.joining(", ")));
    }
    return myself;
  }

  /** One tensor's update (or gradient) agrees with the numeric gradient. */
  public VerificationAssert passesGradientCheckFor(String tensor) {
    isNotNull();
    Optional<GradientCheck> check = actual.check(tensor);
    if (check.isEmpty()) {
      failWith("expected a gradient check of " + tensor + ", but the checked tensors are "
          + actual.checks().stream().map(c -> Text.shortName(c.tensor()))
              .collect(Collectors.joining(", ", "[", "]"))
          + (actual.changedTensors().isEmpty() ? "" : "; the step changed "
              + actual.changedTensors().stream().map(Text::shortName)
                  .collect(Collectors.joining(", "))));
    }
    if (check.get().verdict() != CheckVerdict.AGREES) {
      failWith(explain(check.get()));
    }
    return myself;
  }

  /** The loss after the step is below the loss before it. */
  public VerificationAssert lowersTheLoss() {
    isNotNull();
    if (!(actual.lossAfter() < actual.lossBefore())) {
      failWith("expected the step to lower the loss, but it went from "
          + Text.compact(actual.lossBefore()) + " to " + Text.compact(actual.lossAfter()));
    }
    return myself;
  }

  private static boolean isFailure(CheckVerdict verdict) {
    return verdict == CheckVerdict.CLIMBS
        || verdict == CheckVerdict.MISMATCH
        || verdict == CheckVerdict.NOT_CHECKED;
  }

  /** Why one check fails, in the user's terms. */
  private String explain(GradientCheck c) {
    String name = Text.shortName(c.tensor());
    boolean update = c.subject() == CheckSubject.UPDATE;
    String cosine = update
        ? "cos(Δ" + name + ", −∇L) = " + Text.fixed2(c.cosine())
        : "cos(∇" + name + ", ∇L) = " + Text.fixed2(c.cosine());
    String step = " (step " + c.step() + ")";
    String expected = update
        ? "expected the update of " + name + " to descend the loss"
        : "expected the gradient of " + name + " to match the numeric gradient";
    return switch (c.verdict()) {
      case CLIMBS -> expected + ", but " + (Double.isNaN(c.cosine()) || c.cosine() >= 0
          ? "the loss rises along Δ" + name + " (dL/dt = "
              + Text.compact(c.directionalDerivative()) + ")"
          : cosine) + step;
      case MISMATCH -> (update ? "expected the update of " + name + " to follow −∇L" : expected)
          + ", but " + cosine + " and the relative error is " + Text.compact(c.relativeError())
          + step;
      case BELOW_NOISE_FLOOR -> expected + ", but its numeric gradient is below the"
          + " finite-difference noise floor (‖∇L‖ = " + Text.compact(c.gradientNorm())
          + ", floor " + Text.compact(c.noiseFloor()) + "): nothing can be said" + step;
      case KINK -> expected + ", but too many of its finite differences crossed a kink ("
          + c.kinkCrossings() + ") to judge it" + step;
      case NO_UPDATE -> expected + ", but the step did not change it" + step;
      case NOT_CHECKED -> expected + ", but it could not be checked"
          + (actual.failure() == null ? "" : ": " + actual.failure()) + step;
      case AGREES -> name + " agrees" + step;
    };
  }

  private static String verdictWords(GradientCheck c) {
    return c.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  private String subjectWord() {
    return actual.subject() == CheckSubject.UPDATE ? "update" : "gradient";
  }

  private String seen() {
    return actual.findings().isEmpty()
        ? "there were no findings"
        : "the findings were:" + list(actual.findings());
  }

  private static String list(List<Finding> findings) {
    return findings.stream()
        .map(f -> "\n  " + f.rule() + " on " + Text.shortName(f.subject())
            + (f.step() == null ? "" : " (step " + f.step() + ")") + ": " + f.message())
        .collect(Collectors.joining());
  }

  /** Whether a finding's subject is the tensor or method a user named. */
  static boolean refersTo(String subject, String name) {
    if (subject == null || name == null) {
      return false;
    }
    return DiscoveredTensor.matches(subject, name)
        || subject.endsWith("#" + name)
        || Text.shortName(subject).equals(name);
  }

  private void failWith(String message) {
    failWithMessage("%s", message);
  }
}
