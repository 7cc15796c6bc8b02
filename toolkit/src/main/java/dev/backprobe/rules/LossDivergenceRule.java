package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.Trace;
import java.util.List;
import java.util.Optional;

/**
 * {@code loss-divergence}: the loss becomes non-finite, or rises persistently — the medians of the
 * third and of the last quarter of the run both exceed the first quarter's (or the very first loss,
 * when lower) by {@link
 * Thresholds#LOSS_RISE_FACTOR}.
 */
public final class LossDivergenceRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.LOSS_DIVERGENCE,
          Severity.WARNING,
          "The loss rises persistently over the run, or becomes NaN or infinite.",
          "Over the loss at every step (or at the captured steps): the medians of the third and"
              + " last quarters of the run both above 1.5× the first quarter's (or the first loss,"
              + " when lower), or a non-finite loss.",
          List.of(
              "an update that climbs the loss (a sign error)",
              "a learning rate far too large, or a gradient summed instead of averaged",
              "a loss computed differently from the one the update was derived for"),
          "Look at the findings ranked above this one: divergence is almost always their"
              + " consequence.",
          List.of(Thresholds.LOSS_RISE_FACTOR),
          "");

  @Override
  public RuleId id() {
    return RuleId.LOSS_DIVERGENCE;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    LossCurve curve = LossCurve.of(trace);
    String lossMethod = trace.run() == null ? null : trace.run().loss();
    Optional<LossPoint> nonFinite = curve.firstNonFinite();
    if (nonFinite.isPresent()) {
      return List.of(nonFinite(trace, nonFinite.get(), lossMethod));
    }
    if (curve.points().size() < 2) {
      return List.of();
    }
    double[] q = curve.quarterMedians();
    LossPoint start = curve.finite().get(0);
    // The start of the run counts as the early level when the quarters alone see no rise: a loss
    // that climbs within the first quarter and then stays up (seed 000: 9.4 → 17.7 by step 250,
    // then 18) diverged too.
    boolean fromStart = !risesAbove(q, q[0]) && start.loss() < q[0];
    double early = fromStart ? start.loss() : q[0];
    if (!risesAbove(q, early)) {
      return List.of();
    }
    double limit = limit(early);
    LossPoint firstAbove =
        curve.finite().stream().filter(p -> p.loss() > limit).findFirst().orElseThrow();
    LossPoint peak = curve.finite().stream()
        .max(java.util.Comparator.comparingDouble(LossPoint::loss)).orElseThrow();
    double max = peak.loss();
    int[] earlySteps = fromStart ? new int[] {start.step(), start.step()} : curve.quarterSteps(0);
    int[] late = curve.quarterSteps(3);
    return List.of(
        FindingBuilder.of(RuleId.LOSS_DIVERGENCE, Severity.WARNING)
            .step(firstAbove.step())
            .subject(lossMethod != null ? lossMethod : "loss")
            .location(TraceData.methodLocation(trace, lossMethod))
            .message("the loss rises from " + Numbers.compact(early) + " (" + span(earlySteps)
                + ") to " + Numbers.compact(q[3]) + " (" + span(late) + ") and reaches "
                + Numbers.compact(max) + " at step " + peak.step())
            .hint("divergence is a consequence: fix the update's sign and scale (see the findings"
                + " above), or lower the learning rate")
            .evidence("earlyLoss", early)
            .evidence("lateLoss", q[3])
            .evidence("maxLoss", max)
            .evidence("riseFactor", q[3] / early)
            .evidence("points", curve.points().size())
            .threshold(Thresholds.LOSS_RISE_FACTOR)
            .build());
  }

  /** Whether the third and last quarter medians both exceed the limit above {@code early}. */
  private static boolean risesAbove(double[] q, double early) {
    double limit = limit(early);
    return q[2] > limit && q[3] > limit;
  }

  private static double limit(double early) {
    return early + (Thresholds.LOSS_RISE_FACTOR.value() - 1) * Math.abs(early);
  }

  private static String span(int[] steps) {
    return steps[0] == steps[1] ? "step " + steps[0] : "median of steps " + steps[0] + "–" + steps[1];
  }

  private static Finding nonFinite(Trace trace, LossPoint point, String lossMethod) {
    return FindingBuilder.of(RuleId.LOSS_DIVERGENCE, Severity.WARNING)
        .step(point.step())
        .subject(lossMethod != null ? lossMethod : "loss")
        .location(TraceData.methodLocation(trace, lossMethod))
        .message("the loss becomes " + Numbers.compact(point.loss()) + " at step " + point.step())
        .hint("see the nan-inf finding for where the first non-finite value appeared; exploding"
            + " updates and log(0) are the usual causes")
        .evidence("loss", point.loss())
        .threshold(Thresholds.NON_FINITE_COUNT)
        .build();
  }
}
