package dev.backprobe.agent.runtime;

import dev.backprobe.probe.ActivationKind;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns what a captured step saw into {@link TensorTrace}s with roles, kinds and statistics. */
final class TensorTraces {

  /**
   * Tensors with at most this many values keep their values in the trace: enough for a small
   * network's weights and a batch of outputs to be shown in the report and the REPL.
   */
  static final int SMALL_TENSOR_VALUES = 256;

  private final TensorStatistics statistics;

  TensorTraces(TensorStatistics statistics) {
    this.statistics = statistics;
  }

  /** A parameter after the step, with the update it received. */
  TensorTrace parameter(
      String name, TensorView after, double[] before, SourceLocation location) {
    double[] delta = null;
    double deltaNorm = 0;
    double beforeNorm = 0;
    if (before != null && before.length == after.size()) {
      delta = after.toArray(); // one bulk read, then Δ in place
      for (int i = 0; i < delta.length; i++) {
        delta[i] -= before[i];
        deltaNorm += delta[i] * delta[i];
        beforeNorm += before[i] * before[i];
      }
    }
    TensorStats update = delta == null ? null : statistics.stats(TensorView.of(delta));
    Double ratio =
        delta == null || beforeNorm == 0 ? null : Math.sqrt(deltaNorm) / Math.sqrt(beforeNorm);
    return new TensorTrace(
        name,
        TensorRole.PARAMETER,
        null,
        after.shape(),
        after.storage(),
        location,
        statistics.stats(after),
        null,
        null,
        small(after),
        update,
        ratio);
  }

  /** An array the step produced or consumed. */
  TensorTrace intermediate(
      String name,
      TensorRole role,
      ActivationKind kind,
      TensorView view,
      SourceLocation location,
      int batch) {
    TensorStats stats = statistics.stats(view);
    boolean isActivation = role == TensorRole.ACTIVATION || role == TensorRole.OUTPUT;
    TensorView rows = rowsAreExamples(view, batch);
    return new TensorTrace(
        name,
        role,
        kind == null ? null : kind.id(),
        view.shape(),
        view.storage(),
        location,
        stats,
        isActivation && rows != null ? statistics.units(rows, kind) : null,
        (isActivation || probabilities(role, stats)) && view.shape().length == 2
            ? statistics.axisSums(view)
            : null,
        small(view),
        null,
        null);
  }

  /**
   * Whether an array the step computed holds only values in [0, 1], as probabilities do: its sums
   * per axis are kept, so that a softmax written inline (no function to probe, no kind) is still
   * seen normalising the wrong axis.
   */
  private static boolean probabilities(TensorRole role, TensorStats stats) {
    return role == TensorRole.INTERMEDIATE && stats != null && stats.min() >= 0 && stats.max() <= 1;
  }

  /** The first tensor (in the order they appeared) holding a NaN or an infinity, or null. */
  static NanOrigin nanOrigin(List<TensorTrace> ordered) {
    for (TensorTrace t : ordered) {
      if (t.stats() != null && !t.stats().allFinite()) {
        return new NanOrigin(t.name(), t.location(), t.stats().nanCount(), t.stats().infCount());
      }
    }
    return null;
  }

  /** A batch laid out rows = examples, transposing when the examples are the columns. */
  static TensorView rowsAreExamples(TensorView view, int batch) {
    int[] shape = view.shape();
    if (shape.length != 2) {
      return null;
    }
    if (batch > 0 && shape[1] == batch && shape[0] != batch) {
      return new Transposed(view, shape[0], shape[1]);
    }
    return view;
  }

  private static double[] small(TensorView view) {
    return view.size() <= SMALL_TENSOR_VALUES ? view.toArray() : null;
  }

  static List<TensorTrace> orderedCopy(Map<Integer, TensorTrace> byOrder) {
    return new ArrayList<>(byOrder.values());
  }

  /** A transposed read-only-shaped view (writes go through to the trainer's array). */
  private static final class Transposed implements TensorView {
    private final TensorView inner;
    private final int rows;
    private final int columns;

    Transposed(TensorView inner, int rows, int columns) {
      this.inner = inner;
      this.rows = rows;
      this.columns = columns;
    }

    @Override
    public int size() {
      return inner.size();
    }

    @Override
    public int[] shape() {
      return new int[] {columns, rows};
    }

    @Override
    public double get(int index) {
      return inner.get((index % rows) * columns + index / rows);
    }

    @Override
    public void set(int index, double value) {
      inner.set((index % rows) * columns + index / rows, value);
    }

    @Override
    public boolean singlePrecision() {
      return inner.singlePrecision();
    }

    @Override
    public String storage() {
      return inner.storage() + " (transposed)";
    }

    @Override
    public Object target() {
      return inner.target();
    }
  }
}
