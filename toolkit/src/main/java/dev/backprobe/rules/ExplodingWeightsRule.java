package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.rules.TraceData.Seen;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code exploding-weights}: a weight tensor whose updates are as large as the weights themselves
 * (over consecutive captured steps), whose norm grows by orders of magnitude, or that holds huge
 * values.
 */
public final class ExplodingWeightsRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.EXPLODING_WEIGHTS,
          Severity.WARNING,
          "Weights or their updates grow without bound.",
          "Per parameter tensor: the update/weight norm ratio ‖Δθ‖/‖θ‖ (healthy ≈ 1e-3, CS231n) at"
              + " or above 1 over consecutive captured steps (or at or above 10 once), the norm"
              + " growing a hundredfold from its first capture, or values of 1e6 and more.",
          List.of(
              "no learning rate, or one far too large",
              "the gradient summed over the whole data set or batch instead of averaged",
              "an update that climbs the loss and keeps growing"),
          "Scale the update by a learning rate and average the gradient over the batch; aim for"
              + " update/weight ≈ 1e-3.",
          List.of(
              Thresholds.UPDATE_RATIO_HEALTHY,
              Thresholds.UPDATE_RATIO_EXPLODING,
              Thresholds.UPDATE_RATIO_BLOWUP,
              Thresholds.WEIGHT_NORM_GROWTH,
              Thresholds.HUGE_WEIGHT,
              Thresholds.PERSISTENT_STEPS),
          "Tensors that were all zeros at their first capture (zero-initialised biases) are left"
              + " out: their first updates are large relative to them by construction. A single"
              + " blow-up at step 1, measured against an initialisation of the author's chosen"
              + " scale, counts only when the next captured update collapses.");

  /** The run's first training step, whose update is measured against the initial weights. */
  private static final int FIRST_STEP = 1;

  @Override
  public RuleId id() {
    return RuleId.EXPLODING_WEIGHTS;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<Seen>> parameter : Parameters.scaled(trace).entrySet()) {
      Finding finding = check(parameter.getValue());
      if (finding != null) {
        findings.add(finding);
      }
    }
    return findings;
  }

  private static Finding check(List<Seen> appearances) {
    double firstNorm = appearances.get(0).tensor().stats().l2Norm();
    List<Seen> ratioRun = Persistence.firstRun(appearances, ExplodingWeightsRule::updateTooLarge);
    Threshold ratioCrossed = Thresholds.UPDATE_RATIO_EXPLODING;
    if (ratioRun.isEmpty()) {
      ratioRun = blowUp(appearances);
      ratioCrossed = Thresholds.UPDATE_RATIO_BLOWUP;
    }
    for (Seen seen : appearances) {
      TensorTrace tensor = seen.tensor();
      double growth = tensor.stats().l2Norm() / firstNorm;
      if (!ratioRun.isEmpty() && ratioRun.get(0) == seen) {
        return finding(seen, ratioCrossed, growth, ratioRun);
      }
      if (growth >= Thresholds.WEIGHT_NORM_GROWTH.value()) {
        return finding(seen, Thresholds.WEIGHT_NORM_GROWTH, growth, ratioRun);
      }
      if (Parameters.maxAbs(tensor) >= Thresholds.HUGE_WEIGHT.value()) {
        return finding(seen, Thresholds.HUGE_WEIGHT, growth, ratioRun);
      }
    }
    return null;
  }

  /**
   * The first single update of {@link Thresholds#UPDATE_RATIO_BLOWUP}, as a one-element run, or
   * none. Step 1's update is measured against the initialisation, whose scale is the author's
   * choice (CS231n's 0.01·randn makes a healthy first step many times the weights), so there a
   * blow-up must also show what the threshold's source says follows one: the next captured update
   * collapses to at most {@link Thresholds#UPDATE_RATIO_HEALTHY}.
   */
  private static List<Seen> blowUp(List<Seen> appearances) {
    for (int i = 0; i < appearances.size(); i++) {
      Seen seen = appearances.get(i);
      if (!(Parameters.ratio(seen.tensor()) >= Thresholds.UPDATE_RATIO_BLOWUP.value())) {
        continue; // below it, or unknown (NaN: weights or update not finite)
      }
      boolean againstTheInitialisation = seen.step().step() == FIRST_STEP;
      if (!againstTheInitialisation || i + 1 == appearances.size()
          || collapsed(appearances.get(i + 1))) {
        return List.of(seen);
      }
    }
    return List.of();
  }

  private static boolean collapsed(Seen next) {
    double ratio = Parameters.ratio(next.tensor());
    return Double.isNaN(ratio) || ratio <= Thresholds.UPDATE_RATIO_HEALTHY.value();
  }

  private static boolean updateTooLarge(Seen seen) {
    return Parameters.ratio(seen.tensor()) >= Thresholds.UPDATE_RATIO_EXPLODING.value();
  }

  private static Finding finding(Seen seen, Threshold crossed, double growth, List<Seen> ratioRun) {
    TensorTrace tensor = seen.tensor();
    String name = Names.shortName(tensor.name());
    double ratio = Parameters.ratio(tensor);
    String what;
    if (crossed == Thresholds.UPDATE_RATIO_EXPLODING || crossed == Thresholds.UPDATE_RATIO_BLOWUP) {
      what = "the update of " + name + " is " + Numbers.compact(ratio) + "× the size of " + name
          + " itself (‖Δ" + name + "‖/‖" + name + "‖ = " + Numbers.compact(ratio) + ", healthy ≈ "
          + Numbers.compact(Thresholds.UPDATE_RATIO_HEALTHY.value()) + ")";
    } else if (crossed == Thresholds.WEIGHT_NORM_GROWTH) {
      what = "the norm of " + name + " grew " + Numbers.compact(growth) + "× since its first"
          + " capture (to " + Numbers.compact(tensor.stats().l2Norm()) + ")";
    } else {
      what = name + " holds values as large as " + Numbers.compact(Parameters.maxAbs(tensor));
    }
    return FindingBuilder.of(RuleId.EXPLODING_WEIGHTS, Severity.WARNING)
        .step(seen.step().step())
        .subject(tensor.name())
        .location(tensor.location())
        .message(what)
        .hint("scale the update by a learning rate and average the gradient over the batch"
            + " (divide by the batch size); aim for update/weight ≈ 1e-3")
        .evidence("updateRatio", Double.isNaN(ratio) ? null : ratio)
        .evidence("normGrowth", Double.isFinite(growth) ? growth : null)
        .evidence("maxAbs", Parameters.maxAbs(tensor))
        .evidence("consecutiveSteps",
            ratioRun.isEmpty() ? null : ratioRun.stream().map(s -> s.step().step()).toList())
        .threshold(crossed)
        .build();
  }
}
