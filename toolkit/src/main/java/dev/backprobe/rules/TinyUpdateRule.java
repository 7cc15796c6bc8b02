package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code tiny-update}: at consecutive captured steps every parameter's update/weight ratio is below
 * {@link Thresholds#UPDATE_RATIO_TINY}, and the loss stays flat over the run. One finding for the
 * whole model, about the step method.
 */
public final class TinyUpdateRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.TINY_UPDATE,
          Severity.WARNING,
          "Every update is far too small to learn anything in the run's number of steps.",
          "At consecutive captured steps every parameter's update/weight ratio ‖Δθ‖/‖θ‖ is below"
              + " 1e-6 (healthy ≈ 1e-3, CS231n) while the loss changes by under 1% over the run.",
          List.of(
              "a learning rate orders of magnitude too small",
              "gradients scaled away (divided twice by the batch size, or by the data-set size)",
              "units that pass no gradient (a leaky or dead output, saturated layers)"),
          "Raise the learning rate until update/weight is around 1e-3; check the gradient's"
              + " scaling and the output activation.",
          List.of(
              Thresholds.UPDATE_RATIO_TINY,
              Thresholds.UPDATE_RATIO_HEALTHY,
              Thresholds.LOSS_FLAT_CHANGE,
              Thresholds.PERSISTENT_STEPS),
          "When the trace has no loss the ratio alone decides, and the finding says so.");

  @Override
  public RuleId id() {
    return RuleId.TINY_UPDATE;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    LossCurve loss = LossCurve.of(trace);
    double change = loss.relativeChange();
    if (!loss.isEmpty() && !(change < Thresholds.LOSS_FLAT_CHANGE.value())) {
      return List.of();
    }
    Set<String> scaled = Parameters.scaled(trace).keySet();
    List<StepTrace> steps = TraceData.steps(trace);
    List<StepTrace> withRatios =
        steps.stream().filter(s -> !Double.isNaN(largestRatio(s, scaled))).toList();
    int required = (int) Math.min(Thresholds.PERSISTENT_STEPS.value(), withRatios.size());
    List<StepTrace> run = new ArrayList<>();
    for (int i = 0; i < steps.size() && required > 0; i++) {
      double largest = largestRatio(steps.get(i), scaled);
      if (largest < Thresholds.UPDATE_RATIO_TINY.value() && !frozenBesideAMovingOne(steps.get(i))) {
        run.add(steps.get(i));
      } else if (run.size() >= required) {
        break;
      } else {
        run.clear();
      }
    }
    return run.size() >= required && required > 0
        ? List.of(finding(trace, run, loss, change, scaled))
        : List.of();
  }

  /**
   * The largest finite update ratio of the step's parameters that have a scale of their own (see
   * {@link Parameters#scaled}), NaN when none is known.
   */
  private static double largestRatio(StepTrace step, Set<String> scaled) {
    double largest = Double.NaN;
    for (TensorTrace tensor : TraceData.withRole(step, TensorRole.PARAMETER)) {
      double ratio = scaled.contains(tensor.name()) ? Parameters.ratio(tensor) : Double.NaN;
      if (!Double.isNaN(ratio) && (Double.isNaN(largest) || ratio > largest)) {
        largest = ratio;
      }
    }
    return largest;
  }

  /**
   * Whether the weights did not move at all while another parameter (a bias) did: no gradient
   * reaches them (dead units, a cut backward pass), which no learning rate would fix, so it is no
   * tiny update. A tiny learning rate moves every tensor a little, never exactly nothing.
   */
  private static boolean frozenBesideAMovingOne(StepTrace step) {
    boolean anyFrozen = false;
    boolean anyMoving = false;
    for (TensorTrace tensor : TraceData.withRole(step, TensorRole.PARAMETER)) {
      double ratio = Parameters.ratio(tensor);
      anyFrozen |= ratio == 0;
      anyMoving |= ratio >= Thresholds.UPDATE_RATIO_TINY.value();
    }
    return anyFrozen && anyMoving;
  }

  private static Finding finding(
      Trace trace, List<StepTrace> run, LossCurve loss, double change, Set<String> scaled) {
    StepTrace first = run.get(0);
    double largest = largestRatio(first, scaled);
    String stepMethod = trace.run() == null ? null : trace.run().step();
    String lossText = loss.isEmpty()
        ? " (the loss was not recorded)"
        :  " and the loss moves by " + Numbers.compact(100 * change) + "% over steps "
            + loss.points().get(0).step() + "–" + loss.points().get(loss.points().size() - 1).step();
    return FindingBuilder.of(RuleId.TINY_UPDATE, Severity.WARNING)
        .step(first.step())
        .subject(stepMethod != null ? stepMethod : "parameters")
        .location(TraceData.methodLocation(trace, stepMethod))
        .message("every update is tiny: the largest ‖Δθ‖/‖θ‖ is " + Numbers.compact(largest)
            + " (healthy ≈ " + Numbers.compact(Thresholds.UPDATE_RATIO_HEALTHY.value()) + ")"
            + lossText)
        .hint("raise the learning rate until update/weight is around 1e-3, and check that the"
            + " gradient is not scaled away (divided twice by the batch size)")
        .evidence("largestUpdateRatio", largest)
        .evidence("parameters", TraceData.withRole(first, TensorRole.PARAMETER).size())
        .evidence("lossRelativeChange", loss.isEmpty() ? null : change)
        .evidence("consecutiveSteps", run.stream().map(StepTrace::step).toList())
        .threshold(Thresholds.UPDATE_RATIO_TINY)
        .build();
  }
}
