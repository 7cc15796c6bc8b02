package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.rules.TraceData.Seen;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.UnitActivity;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code saturation}: a sigmoid or tanh tensor with most of its values within {@link
 * Thresholds#ASYMPTOTE_TOLERANCE} of an asymptote over consecutive captured steps, while the loss is
 * not falling (a falling loss with saturated outputs is a confident model).
 */
public final class SaturationRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.SATURATION,
          Severity.WARNING,
          "Sigmoid or tanh units are pinned at their asymptotes, where their derivative is almost"
              + " zero, so almost no gradient flows through them.",
          "Share of a sigmoid/tanh tensor's values within 1e-2 of an asymptote (0 or 1 for the"
              + " sigmoid, ±1 for tanh), per unit where the batch is known, over consecutive"
              + " captured steps.",
          List.of(
              "updates far too large (no learning rate, or a sum over the whole data set)",
              "an update that climbs the loss and drives pre-activations outward",
              "inputs not normalised (pixel values 0–255), or weights initialised too large"),
          "Fix the update first (its sign and scale); normalise the inputs and initialise weights"
              + " with variance ~1/fan-in (Glorot & Bengio 2010).",
          List.of(
              Thresholds.ASYMPTOTE_TOLERANCE,
              Thresholds.SATURATED_SHARE,
              Thresholds.PERSISTENT_STEPS,
              Thresholds.LOSS_LEARNED_FRACTION,
              Thresholds.UPDATE_RATIO_TINY),
          "Not reported while the loss falls to half its early level or less, unless every update"
              + " has stalled below 1e-6 of its weights by the end.");

  @Override
  public RuleId id() {
    return RuleId.SATURATION;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    if (LossCurve.of(trace).fellTo(Thresholds.LOSS_LEARNED_FRACTION.value())
        && !updatesStalled(trace)) {
      return findings;
    }
    for (Map.Entry<String, List<Seen>> tensor : TraceData.byName(trace).entrySet()) {
      List<Seen> appearances =
          tensor.getValue().stream().filter(s -> saturating(s.tensor())).toList();
      if (appearances.isEmpty()) {
        continue;
      }
      List<Seen> run = Persistence.firstRun(appearances, SaturationRule::saturated);
      if (!run.isEmpty()) {
        findings.add(finding(run, Persistence.stepsWhere(appearances, SaturationRule::saturated)));
      }
    }
    return findings;
  }

  /**
   * Whether every parameter's update was below {@link Thresholds#UPDATE_RATIO_TINY} at its last
   * capture: the loss fell, but only to where saturated units stopped all learning (seed 001's
   * outputs pinned at 0 take the MSE from 0.37 to 0.1 and no weight moves after that). A confident
   * model that is still training keeps moving its weights.
   */
  private static boolean updatesStalled(Trace trace) {
    Map<String, List<Seen>> parameters = Parameters.scaled(trace);
    if (parameters.isEmpty()) {
      return false;
    }
    for (List<Seen> seen : parameters.values()) {
      double last = Parameters.ratio(seen.get(seen.size() - 1).tensor());
      if (!(last < Thresholds.UPDATE_RATIO_TINY.value())) {
        return false;
      }
    }
    return true;
  }

  private static boolean saturating(TensorTrace tensor) {
    return tensor.role() != TensorRole.PARAMETER
        && tensor.kind() != null
        && ActivationKind.fromId(tensor.kind()).saturates();
  }

  /** Share of finite values within the tolerance of one of the kind's asymptotes. */
  static double saturatedShare(TensorTrace tensor) {
    TensorStats stats = tensor.stats();
    double low = ActivationKind.fromId(tensor.kind()) == ActivationKind.TANH
        ? stats.nearMinusOneShare()
        : stats.nearZeroShare();
    return low + stats.nearOneShare();
  }

  private static boolean saturated(Seen seen) {
    return saturatedShare(seen.tensor()) >= Thresholds.SATURATED_SHARE.value();
  }

  /** Units saturated on every example of the batch, or -1 when per-unit activity is unknown. */
  private static int pinnedUnits(TensorTrace tensor) {
    UnitActivity units = tensor.units();
    if (units == null || units.saturatedShare() == null) {
      return -1;
    }
    int pinned = 0;
    for (double share : units.saturatedShare()) {
      if (share >= 1.0) {
        pinned++;
      }
    }
    return pinned;
  }

  private static Finding finding(List<Seen> run, List<Integer> steps) {
    Seen first = run.get(0);
    TensorTrace tensor = first.tensor();
    double share = saturatedShare(tensor);
    String asymptotes = ActivationKind.fromId(tensor.kind()) == ActivationKind.TANH ? "±1" : "0 or 1";
    int pinned = pinnedUnits(tensor);
    String unitsText = pinned < 0 ? ""
        : "; " + pinned + " of " + tensor.units().units() + " units on every example";
    FindingBuilder builder =
        FindingBuilder.of(RuleId.SATURATION, Severity.WARNING)
            .step(first.step().step())
            .subject(tensor.name())
            .location(tensor.location())
            .message(Numbers.percent(share) + " of the " + tensor.kind() + " values of "
                + Names.shortName(tensor.name()) + " sit within "
                + Numbers.compact(Thresholds.ASYMPTOTE_TOLERANCE.value()) + " of " + asymptotes
                + " (steps " + first.step().step() + "–" + run.get(run.size() - 1).step().step()
                + unitsText + "): their derivative is nearly 0, so almost no gradient flows back")
            .hint(
                "saturation usually follows updates that are too large or climb the loss: fix"
                    + " the update's sign and scale first, then normalise inputs and use"
                    + " ~1/fan-in initialisation")
            .evidence("saturatedShare", share)
            .evidence("pinnedUnits", pinned < 0 ? null : pinned)
            .evidence("units", pinned < 0 ? null : tensor.units().units())
            .evidence("kind", tensor.kind())
            .evidence("consecutiveSteps", run.stream().map(s -> s.step().step()).toList())
            .evidence("seenAtSteps", steps)
            .threshold(Thresholds.SATURATED_SHARE);
    return builder.build();
  }
}
