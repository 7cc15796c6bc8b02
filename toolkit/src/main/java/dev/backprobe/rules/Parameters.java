package dev.backprobe.rules;

import dev.backprobe.rules.TraceData.Seen;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter tensors of a trace whose update/weight ratio means something. A tensor that was all
 * zeros when first captured (a zero-initialised bias) has no scale of its own yet — its first
 * update is infinitely large relative to it — so the ratio rules leave it out.
 */
final class Parameters {

  private Parameters() {}

  /** Parameters with a non-zero, finite norm before their first captured update, in trace order. */
  static Map<String, List<Seen>> scaled(Trace trace) {
    Map<String, List<Seen>> scaled = new LinkedHashMap<>();
    TraceData.byName(trace).forEach((name, seen) -> {
      TensorTrace first = seen.get(0).tensor();
      double norm = first.stats().l2Norm();
      if (first.role() == TensorRole.PARAMETER && norm > 0 && Double.isFinite(norm)
          && !zeroBeforeItsFirstUpdate(first)) {
        scaled.put(name, seen);
      }
    });
    return scaled;
  }

  /**
   * Whether the tensor was all zeros before the step that first captured it: the agent records
   * the values after the step, so a zero-initialised bias shows as b = Δb there, and the ratio is
   * then left undefined ({@code updateRatio} null although the update is known).
   */
  private static boolean zeroBeforeItsFirstUpdate(TensorTrace first) {
    return first.update() != null && first.updateRatio() == null;
  }

  /** The update/weight ratio when it is known and finite, else NaN. */
  static double ratio(TensorTrace tensor) {
    Double ratio = tensor.updateRatio();
    return ratio == null || !Double.isFinite(ratio) ? Double.NaN : ratio;
  }

  /** Largest absolute finite value. */
  static double maxAbs(TensorTrace tensor) {
    return Math.max(Math.abs(tensor.stats().min()), Math.abs(tensor.stats().max()));
  }
}
