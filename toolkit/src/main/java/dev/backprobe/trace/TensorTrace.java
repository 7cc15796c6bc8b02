package dev.backprobe.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.UnitActivity;

/**
 * One tensor as seen at one captured step.
 *
 * @param name stable name: a parameter's {@code pkg.Class.field} (with {@code [i]} for list or array
 *     elements), or an intermediate's {@code pkg.Class#method:local}
 * @param role what it is
 * @param kind the activation that produced it ({@code sigmoid}, {@code relu}… see {@link
 *     dev.backprobe.probe.ActivationKind#id()}) or {@code null}
 * @param shape dimensions, e.g. {@code [30, 10]}
 * @param storage how the trainer stores it: {@code double[][]}, {@code float[]}, {@code flat
 *     double[]}, {@code pkg.Matrix}…
 * @param location where it was produced (for parameters, where the step wrote it, when known)
 * @param stats its values' statistics
 * @param units per-unit activity when it is a batch of activations (rows = examples), else null
 * @param axisSums row/column/total sums for non-negative 2-D tensors, else null
 * @param values the values, row-major, only for small tensors at captured steps; else null
 * @param update for a parameter, statistics of the update Δθ this step made to it, else null
 * @param updateRatio for a parameter, ‖Δθ‖/‖θ‖ (the CS231n update/weight ratio), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TensorTrace(
    String name,
    TensorRole role,
    String kind,
    int[] shape,
    String storage,
    SourceLocation location,
    TensorStats stats,
    UnitActivity units,
    AxisSums axisSums,
    double[] values,
    TensorStats update,
    Double updateRatio) {

  /** Total number of values. */
  public long size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
