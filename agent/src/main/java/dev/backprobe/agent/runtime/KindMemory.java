package dev.backprobe.agent.runtime;

import dev.backprobe.probe.ActivationKind;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.trace.TensorRole;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The activation kind each named array showed at an earlier captured step, lent to the same array
 * at a step where it no longer shows it. A kind is recognised from pairs (z, f(z)) that show its
 * shape — a ReLU both pieces, a sigmoid a value inside its range ({@link Roles}) — so the layer
 * that died (every unit at 0) or saturated (every value at 0 or 1) after a few hundred steps, the
 * case {@code dead-relu} and {@code saturation} exist for, lost its kind exactly then.
 *
 * <p>Only the elementwise kinds whose range can be checked are lent, and only to values inside
 * that range; a name that showed two kinds is lent none.
 */
final class KindMemory {

  private static final Set<ActivationKind> LENT =
      Set.of(ActivationKind.RELU, ActivationKind.SIGMOID, ActivationKind.TANH);

  /** Name → kind; null for a name seen with two kinds. */
  private final Map<String, ActivationKind> kinds = new HashMap<>();

  /** Remembers what one step's array was. */
  void saw(String name, TensorRole role, ActivationKind kind) {
    if (name == null || role != TensorRole.ACTIVATION || kind == null || !LENT.contains(kind)) {
      return;
    }
    if (kinds.containsKey(name) && kinds.get(name) != kind) {
      kinds.put(name, null);
    } else {
      kinds.put(name, kind);
    }
  }

  /** The kind to lend an array of no kind, or null. */
  ActivationKind lend(String name, TensorView values) {
    ActivationKind kind = name == null ? null : kinds.get(name);
    return kind != null && inRange(kind, values) ? kind : null;
  }

  private static boolean inRange(ActivationKind kind, TensorView values) {
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      if (!(v >= kind.lowerBound() && v <= kind.upperBound())) {
        return false; // NaN too
      }
    }
    return values.size() > 0;
  }
}
