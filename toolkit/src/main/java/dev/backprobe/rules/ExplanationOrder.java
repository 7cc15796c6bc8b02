package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which findings are ranked: a rule comes before every rule whose findings it can
 * explain, so the most likely root cause is read first.
 *
 * <ol>
 *   <li>{@code derivative-mismatch} — a wrong derivative function makes the updates wrong;
 *   <li>{@code softmax-shape} — a wrong forward pass makes the loss and its gradient wrong;
 *   <li>{@code gradient-sign} — an update that climbs makes the loss rise and units saturate;
 *   <li>{@code gradient-mismatch} — a mis-scaled or mis-derived update, same consequences;
 *   <li>{@code output-activation} — an output that cannot fit its targets keeps the loss flat;
 *   <li>{@code exploding-weights} — huge updates saturate units and overflow into NaN;
 *   <li>{@code nan-inf} — a NaN makes the loss non-finite and every later statistic meaningless;
 *   <li>{@code saturation} — saturated units pass no gradient back;
 *   <li>{@code dead-relu} — dead units pass no gradient back;
 *   <li>{@code vanishing-gradient} — often the consequence of the two above;
 *   <li>{@code tiny-update} — updates too small to move the loss;
 *   <li>{@code loss-divergence} — the symptom the others explain.
 * </ol>
 *
 * Within one rule, earlier steps come first, then the trace's own order.
 */
public final class ExplanationOrder {

  /** Root causes first. */
  public static final List<RuleId> ORDER =
      List.of(
          RuleId.DERIVATIVE_MISMATCH,
          RuleId.SOFTMAX_SHAPE,
          RuleId.GRADIENT_SIGN,
          RuleId.GRADIENT_MISMATCH,
          RuleId.OUTPUT_ACTIVATION,
          RuleId.EXPLODING_WEIGHTS,
          RuleId.NAN_INF,
          RuleId.SATURATION,
          RuleId.DEAD_RELU,
          RuleId.VANISHING_GRADIENT,
          RuleId.TINY_UPDATE,
          RuleId.LOSS_DIVERGENCE);

  private ExplanationOrder() {}

  /** Position of a rule id in {@link #ORDER}; unknown ids (added later) go last. */
  public static int rank(String ruleId) {
    RuleId rule = RuleId.fromId(ruleId);
    int index = rule == null ? -1 : ORDER.indexOf(rule);
    return index < 0 ? ORDER.size() : index;
  }

  /** Orders findings by rule rank, then by step (findings about no step last). */
  public static Comparator<Finding> comparator() {
    return Comparator.comparingInt((Finding f) -> rank(f.rule()))
        .thenComparingInt(f -> f.step() == null ? Integer.MAX_VALUE : f.step());
  }
}
