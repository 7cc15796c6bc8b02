package dev.backprobe.agent.runtime;

import dev.backprobe.tensor.TensorView;
import java.util.List;

/**
 * What the runtime needs from the toolkit's {@code model} package: the parameters reachable from a
 * model root and a snapshot of its whole state. A seam so that the recorder's logic can be tested
 * with fakes; {@link ToolkitServices} binds it to {@code ModelInspector} and {@code ModelState}.
 *
 * <p>A root is the receiver of the step method, or the {@link Class} whose static fields hold the
 * model when the step is static.
 */
public interface ModelAccess {

  /** The parameter tensors reachable from the root, with stable names ({@code pkg.Net.w2}). */
  List<ParameterTensor> parameters(Object root);

  /** A copy of every field value and array reachable from the root (and any Random it holds). */
  StateSnapshot capture(Object root);

  /** A named live view over one parameter tensor. */
  record ParameterTensor(String name, TensorView view) {}

  /** A captured state that can be put back exactly into the same objects. */
  interface StateSnapshot {
    void restore();

    /** Whether a random generator of the snapshot has drawn numbers since it was taken. */
    default boolean randomsAdvanced() {
      return false;
    }
  }
}
