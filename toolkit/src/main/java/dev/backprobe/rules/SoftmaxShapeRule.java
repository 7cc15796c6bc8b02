package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code softmax-shape}: a softmax over a batch whose rows (the examples) do not sum to 1 while the
 * whole matrix or the columns do. When the trainer lays examples out as columns (its input or
 * targets share the tensor's column count but not its row count), columns summing to 1 is right
 * and only whole-matrix normalisation is reported.
 */
public final class SoftmaxShapeRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.SOFTMAX_SHAPE,
          Severity.ERROR,
          "A softmax is normalised over the wrong axis: each example's probabilities do not sum"
              + " to 1.",
          "For a softmax output of a batch, the row sums, the column sums and the total: rows"
              + " that do not sum to 1 while the whole matrix or the columns do; or, when no batch"
              + " softmax was captured, a matrix function that probing found to normalise the"
              + " whole matrix.",
          List.of(
              "exp(z) / sum(exp(z)) with the sum over the whole batch (a function written for one"
                  + " example, then called with a matrix)",
              "the sum taken over axis 0 when the examples are rows"),
          "Normalise each example separately: divide exp(z − max) by the sum over its own row (its"
              + " classes), not over the batch.",
          List.of(Thresholds.SOFTMAX_SUM_TOLERANCE),
          "The argmax per row is unchanged, so accuracy can look fine while the loss and its"
              + " gradient are wrong.");

  @Override
  public RuleId id() {
    return RuleId.SOFTMAX_SHAPE;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    for (StepTrace step : TraceData.steps(trace)) {
      for (TensorTrace tensor : TraceData.tensors(step)) {
        Finding finding = check(step, tensor);
        if (finding != null) {
          findings.add(finding);
        }
      }
    }
    if (findings.isEmpty() && trace.probes() != null) {
      // The batch softmax may run only outside the captured steps (seed 004 evaluates its loss
      // on a batch, but trains example by example); the probe has seen what it does to a matrix.
      for (ProbeResult probe : trace.probes()) {
        if (probe != null && probe.activation() == ActivationKind.SOFTMAX_MATRIX) {
          findings.add(probed(probe));
        }
      }
    }
    return findings;
  }

  private static Finding probed(ProbeResult probe) {
    String name = Names.shortName(probe.method());
    return FindingBuilder.of(RuleId.SOFTMAX_SHAPE, Severity.ERROR)
        .step(null)
        .subject(probe.method())
        .location(probe.location())
        .message(name + " normalises the whole matrix it is given, not each row: on a batch of n"
            + " examples every example's probabilities sum to about 1/n and only the matrix sums"
            + " to 1 (seen by calling it on a test matrix)")
        .hint("normalise each example separately: divide exp(z − max) by the sum over its own row,"
            + " not over the batch")
        .evidence("probedAs", ActivationKind.SOFTMAX_MATRIX.id())
        .evidence("maxError", probe.maxError())
        .threshold(Thresholds.SOFTMAX_SUM_TOLERANCE)
        .build();
  }

  private static Finding check(StepTrace step, TensorTrace tensor) {
    AxisSums sums = tensor.axisSums();
    int[] shape = tensor.shape();
    if (sums == null || shape == null || shape.length != 2 || shape[0] < 2 || shape[1] < 2) {
      return null;
    }
    boolean softmax = tensor.kind() != null && ActivationKind.fromId(tensor.kind()).isSoftmax();
    if (!softmax && !unlabelledProbabilities(tensor)) {
      return null;
    }
    if (isOne(sums.rowSumMin()) && isOne(sums.rowSumMax())) {
      return null;
    }
    boolean totalIsOne = isOne(sums.total());
    boolean columnsAreOne = isOne(sums.columnSumMin()) && isOne(sums.columnSumMax());
    if (columnsAreOne && !totalIsOne && examplesAlongColumns(step, tensor)) {
      return null;
    }
    if (!totalIsOne && !columnsAreOne) {
      return null;
    }
    if (!softmax && !columnsAreOne) {
      // a probability matrix of unknown origin summing to 1 as a whole may be p / n on its way
      // to a gradient; only columns that each sum to 1 exactly are a softmax's doing
      return null;
    }
    String name = Names.shortName(tensor.name());
    String rows = Numbers.compact(sums.rowSumMin()).equals(Numbers.compact(sums.rowSumMax()))
        ? "sum to " + Numbers.compact(sums.rowSumMin())
        : "sum to " + Numbers.compact(sums.rowSumMin()) + "…" + Numbers.compact(sums.rowSumMax());
    String instead = totalIsOne
        ? "the whole " + TraceData.shape(shape) + " matrix sums to " + Numbers.fixed2(sums.total())
        : "every column sums to 1";
    return FindingBuilder.of(RuleId.SOFTMAX_SHAPE, Severity.ERROR)
        .step(step.step())
        .subject(tensor.name())
        .location(tensor.location())
        .message("softmax rows of " + name + " " + rows + " (not 1) while " + instead
            + ": it normalises over " + (totalIsOne ? "the whole batch" : "the examples")
            + ", not over each example's classes")
        .hint("normalise each example separately: divide exp(z − max) by the sum over its own row,"
            + " not over the batch")
        .evidence("rowSumMin", sums.rowSumMin())
        .evidence("rowSumMax", sums.rowSumMax())
        .evidence("columnSumMin", sums.columnSumMin())
        .evidence("columnSumMax", sums.columnSumMax())
        .evidence("total", sums.total())
        .evidence("shape", List.of(shape[0], shape[1]))
        .threshold(Thresholds.SOFTMAX_SUM_TOLERANCE)
        .build();
  }

  /**
   * An intermediate of no known kind (a softmax written inline in a method that does more, so
   * nothing was probed) whose values all lie in [0, 1]: a candidate for the column test.
   */
  private static boolean unlabelledProbabilities(TensorTrace tensor) {
    return tensor.kind() == null
        && tensor.role() == TensorRole.INTERMEDIATE
        && tensor.stats() != null
        && tensor.stats().min() >= 0
        && tensor.stats().max() <= 1;
  }

  private static boolean isOne(double sum) {
    return Math.abs(sum - 1) <= Thresholds.SOFTMAX_SUM_TOLERANCE.value();
  }

  /**
   * Whether the step's input or targets say the examples are columns: they have this tensor's
   * column count (the batch) but another row count (features or classes).
   */
  private static boolean examplesAlongColumns(StepTrace step, TensorTrace tensor) {
    int rows = tensor.shape()[0];
    int columns = tensor.shape()[1];
    for (TensorTrace other : TraceData.tensors(step)) {
      if ((other.role() == TensorRole.INPUT || other.role() == TensorRole.TARGET)
          && other.shape() != null && other.shape().length == 2
          && other.shape()[1] == columns && other.shape()[0] != rows) {
        return true;
      }
    }
    return false;
  }
}
