package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.List;
import java.util.Optional;

/**
 * {@code nan-inf}: the first place a NaN or infinity appears — the recorder's {@link NanOrigin}
 * when it has one, else the first tensor (values or update) of the first step whose statistics
 * count one, else the first non-finite loss. Everything after it is a consequence, so there is
 * only one finding.
 */
public final class NanInfRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.NAN_INF,
          Severity.ERROR,
          "A NaN or infinity appears in the computation.",
          "The first tensor, method and line where a non-finite value appears, as the recorder saw"
              + " it; otherwise the first captured tensor whose statistics count one.",
          List.of(
              "exp of a large number overflowing (softmax without subtracting the row maximum)",
              "log(0) in a cross-entropy loss",
              "a division by a zero sum or norm",
              "weights that exploded"),
          "Subtract the row maximum before exp, clip probabilities before log, guard divisions;"
              + " if weights exploded, fix the update's scale.",
          List.of(Thresholds.NON_FINITE_COUNT),
          "");

  @Override
  public RuleId id() {
    return RuleId.NAN_INF;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    for (StepTrace step : TraceData.steps(trace)) {
      if (step.nanOrigin() != null) {
        NanOrigin origin = step.nanOrigin();
        return List.of(finding(step.step(), origin.tensor(), origin.location(),
            origin.nanCount(), origin.infCount(), "values"));
      }
      for (TensorTrace tensor : TraceData.tensors(step)) {
        if (nonFinite(tensor.stats())) {
          return List.of(finding(step.step(), tensor.name(), tensor.location(),
              tensor.stats().nanCount(), tensor.stats().infCount(), "values"));
        }
        if (nonFinite(tensor.update())) {
          return List.of(finding(step.step(), tensor.name(), tensor.location(),
              tensor.update().nanCount(), tensor.update().infCount(), "update"));
        }
      }
    }
    Optional<LossPoint> loss = LossCurve.of(trace).firstNonFinite();
    if (loss.isPresent()) {
      String method = trace.run() == null ? null : trace.run().loss();
      boolean nan = Double.isNaN(loss.get().loss());
      return List.of(finding(loss.get().step(), method != null ? method : "loss",
          TraceData.methodLocation(trace, method), nan ? 1 : 0, nan ? 0 : 1, "loss"));
    }
    return List.of();
  }

  private static boolean nonFinite(TensorStats stats) {
    return stats != null
        && stats.nanCount() + stats.infCount() > Thresholds.NON_FINITE_COUNT.value();
  }

  private static Finding finding(int step, String subject, SourceLocation location,
      long nanCount, long infCount, String what) {
    String counts = nanCount > 0 && infCount > 0
        ? nanCount + " NaN and " + infCount + " infinite values"
        : nanCount > 0 ? nanCount + " NaN value" + (nanCount == 1 ? "" : "s")
            : infCount + " infinite value" + (infCount == 1 ? "" : "s");
    String where = location == null ? "" : ", produced at " + location.shortForm();
    String of = what.equals("update") ? "the update of " + Names.shortName(subject)
        : what.equals("loss") ? "the loss" : Names.shortName(subject);
    return FindingBuilder.of(RuleId.NAN_INF, Severity.ERROR)
        .step(step)
        .subject(subject)
        .location(location)
        .message(of + " first holds " + counts + " at step " + step + where)
        .hint("subtract the row maximum before exp, clip probabilities before log, guard"
            + " divisions; exploding weights end here too")
        .evidence("nanCount", nanCount)
        .evidence("infCount", infCount)
        .evidence("in", what)
        .threshold(Thresholds.NON_FINITE_COUNT)
        .build();
  }
}
