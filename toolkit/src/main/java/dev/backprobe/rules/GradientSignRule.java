package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gradient-sign}: a parameter's update moves it uphill, from the gradient checks the trace
 * holds ({@link CheckVerdict#CLIMBS}). Checks below the noise floor or across kinks never count.
 */
public final class GradientSignRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.GRADIENT_SIGN,
          Severity.ERROR,
          "The update moves a parameter tensor uphill: each step makes the loss larger.",
          "At a captured step the loss is replayed under central differences to get the true"
              + " gradient ∇L; the update Δθ the step made must point along −∇L. It climbs when"
              + " cos(Δθ, −∇L) < 0, or when the loss rises along Δθ (directional check).",
          List.of(
              "the output error written as (target − prediction) while the update subtracts it"
                  + " (or (prediction − target) while it adds it)",
              "a derivative function that returns −f' (e.g. σ(x)(σ(x) − 1)) in one layer",
              "θ += η·∇L instead of θ −= η·∇L"),
          "Make the update subtract the gradient of the loss the trainer reports: the output error"
              + " should be (prediction − target) when the update subtracts it.",
          List.of(Thresholds.DESCENT_COSINE),
          "Never reported for checks below the finite-difference noise floor or across ReLU kinks.");

  @Override
  public RuleId id() {
    return RuleId.GRADIENT_SIGN;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    for (StepTrace step : TraceData.steps(trace)) {
      for (GradientCheck check : TraceData.checks(step)) {
        if (check.verdict() == CheckVerdict.CLIMBS) {
          findings.add(finding(step, check));
        }
      }
    }
    return findings;
  }

  private static Finding finding(StepTrace step, GradientCheck check) {
    String name = Names.shortName(check.tensor());
    boolean update = check.subject() != CheckSubject.GRADIENT;
    boolean byCosine = check.cosine() < Thresholds.DESCENT_COSINE.value();
    String message;
    if (byCosine) {
      message =
          update
              ? "the update of " + name + " climbs the loss: cos(Δ" + name + ", −∇L) = "
                  + Numbers.fixed2(check.cosine())
              : "the gradient of " + name + " points the wrong way: cos(∇" + name + ", ∇L) = "
                  + Numbers.fixed2(check.cosine());
    } else {
      message =
          "the update of " + name + " climbs the loss: the loss rises along Δ" + name
              + " (dL/dt = " + Numbers.compact(check.directionalDerivative()) + ")";
    }
    return FindingBuilder.of(RuleId.GRADIENT_SIGN, Severity.ERROR)
        .step(step.step())
        .subject(check.tensor())
        .location(TraceData.locationOf(step, check.tensor()))
        .message(message)
        .hint(
            update
                ? "the output error should be (prediction − target) when the update subtracts it;"
                    + " look for a flipped sign in this tensor's backward pass"
                : "the analytic gradient has the wrong sign: check the output error's sign")
        .evidence("cos", check.cosine())
        .evidence("effectiveLearningRate", finite(check.effectiveLearningRate()))
        .evidence("relativeError", finite(check.relativeError()))
        .evidence("directionalDerivative", finite(check.directionalDerivative()))
        .evidence("mode", check.mode() == null ? null : check.mode().name().toLowerCase(java.util.Locale.ROOT))
        .threshold(
            byCosine
                ? Thresholds.DESCENT_COSINE.toString()
                : "directional derivative along Δθ > 0 (" + Thresholds.DESCENT_COSINE + ")")
        .build();
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
