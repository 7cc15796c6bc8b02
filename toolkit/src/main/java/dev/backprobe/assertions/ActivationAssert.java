package dev.backprobe.assertions;

import dev.backprobe.api.ActivationBatch;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.rules.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a batch of activations (rows = examples, columns = units), with the thresholds
 * the rules use ({@link Thresholds}): saturation, dead units, softmax rows.
 */
public class ActivationAssert extends AbstractAssert<ActivationAssert, ActivationBatch> {

  public ActivationAssert(ActivationBatch actual) {
    super(actual, ActivationAssert.class);
  }

  /** Says which activation produced the batch (instead of inferring it from the range). */
  public ActivationAssert ofKind(ActivationKind kind) {
    isNotNull();
    return new ActivationAssert(actual.ofKind(kind));
  }

  /**
   * At most {@link Thresholds#SATURATED_SHARE} of the values lie within {@link
   * Thresholds#ASYMPTOTE_TOLERANCE} of an asymptote of the activation (sigmoid, tanh). An
   * activation without asymptotes never saturates.
   */
  public ActivationAssert isNotSaturated() {
    isNotNull();
    ActivationKind kind = actual.effectiveKind();
    if (!kind.saturates()) {
      return myself;
    }
    double tolerance = Thresholds.ASYMPTOTE_TOLERANCE.value();
    long saturated = 0;
    long total = 0;
    List<Integer> pinnedUnits = new ArrayList<>();
    for (int unit = 0; unit < actual.units(); unit++) {
      boolean pinned = actual.examples() > 0;
      for (double[] row : actual.values()) {
        boolean atAsymptote = nearAsymptote(kind, row[unit], tolerance);
        saturated += atAsymptote ? 1 : 0;
        total++;
        pinned &= atAsymptote;
      }
      if (pinned) {
        pinnedUnits.add(unit);
      }
    }
    double share = total == 0 ? 0 : (double) saturated / total;
    if (!(share <= Thresholds.SATURATED_SHARE.value())) {
      failWith("expected " + actual.name() + " not to be saturated, but " + Text.percent(share)
          + " of its values lie within " + Text.compact(tolerance) + " of a " + kind.id()
          + " asymptote (at most " + Text.percent(Thresholds.SATURATED_SHARE.value())
          + " allowed, " + Thresholds.SATURATED_SHARE + "); units pinned on every example: "
          + pinnedUnits.size() + " of " + actual.units() + units(pinnedUnits));
    }
    return myself;
  }

  /**
   * No unit (column) outputs 0 or less for every example. Needs at least {@link
   * Thresholds#DEAD_UNIT_MIN_EXAMPLES} examples: fewer cannot tell a dead unit from an idle one.
   */
  public ActivationAssert hasNoDeadUnits() {
    isNotNull();
    int minimum = (int) Thresholds.DEAD_UNIT_MIN_EXAMPLES.value();
    if (actual.examples() < minimum) {
      failWith("expected no dead units in " + actual.name() + ", but a batch of "
          + actual.examples() + " examples cannot show it: at least " + minimum + " are needed ("
          + Thresholds.DEAD_UNIT_MIN_EXAMPLES + ")");
    }
    List<Integer> dead = new ArrayList<>();
    for (int unit = 0; unit < actual.units(); unit++) {
      boolean silent = true;
      for (double[] row : actual.values()) {
        silent &= row[unit] <= 0;
      }
      if (silent) {
        dead.add(unit);
      }
    }
    if (!dead.isEmpty()) {
      failWith("expected no dead units in " + actual.name() + ", but " + dead.size() + " of "
          + actual.units() + " units output 0 for all " + actual.examples() + " examples"
          + units(dead));
    }
    return myself;
  }

  /**
   * Every row is a probability distribution: non-negative, summing to 1 within {@link
   * Thresholds#SOFTMAX_SUM_TOLERANCE} (a softmax over each example, not over the whole batch).
   */
  public ActivationAssert isRowStochastic() {
    isNotNull();
    double tolerance = Thresholds.SOFTMAX_SUM_TOLERANCE.value();
    double total = 0;
    double minSum = Double.POSITIVE_INFINITY;
    double maxSum = Double.NEGATIVE_INFINITY;
    int firstBad = -1;
    double firstBadSum = Double.NaN;
    for (int r = 0; r < actual.examples(); r++) {
      double sum = 0;
      boolean negative = false;
      for (double v : actual.values()[r]) {
        sum += v;
        negative |= v < 0;
      }
      total += sum;
      minSum = Math.min(minSum, sum);
      maxSum = Math.max(maxSum, sum);
      if (firstBad < 0 && (negative || !(Math.abs(sum - 1) <= tolerance))) {
        firstBad = r;
        firstBadSum = sum;
      }
    }
    if (firstBad >= 0) {
      failWith("expected every row of " + actual.name() + " to sum to 1 (a softmax over each"
          + " example), but row " + firstBad + " sums to " + Text.compact(firstBadSum)
          + " (rows sum from " + Text.compact(minSum) + " to " + Text.compact(maxSum)
          + "; the whole batch sums to " + Text.compact(total) + ")"
          + (Math.abs(total - 1) <= tolerance ? ": it was normalised over the whole batch" : "")
          + "; tolerance " + Thresholds.SOFTMAX_SUM_TOLERANCE);
    }
    return myself;
  }

  private static boolean nearAsymptote(ActivationKind kind, double value, double tolerance) {
    return Math.abs(value - kind.upperBound()) <= tolerance
        || Math.abs(value - kind.lowerBound()) <= tolerance;
  }

  private static String units(List<Integer> units) {
    if (units.isEmpty()) {
      return "";
    }
    String listed = units.stream().limit(10).map(String::valueOf)
        .collect(Collectors.joining(", "));
    return " (unit" + (units.size() == 1 ? " " : "s ") + listed
        + (units.size() > 10 ? ", …" : "") + ")";
  }

  private void failWith(String message) {
    failWithMessage("%s", message);
  }
}
