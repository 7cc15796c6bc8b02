package dev.backprobe.agent.runtime;

import dev.backprobe.probe.ActivationKind;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.tensor.UnitActivity;

/** One-pass statistics of a tensor: the seam over the toolkit's {@code StatsAccumulator}. */
public interface TensorStatistics {

  TensorStats stats(TensorView view);

  /** Per-unit activity of a batch (rows = examples, columns = units), or null when not 2-D. */
  UnitActivity units(TensorView view, ActivationKind kind);

  /** Row, column and total sums of a 2-D tensor, or null when not 2-D. */
  AxisSums axisSums(TensorView view);
}
