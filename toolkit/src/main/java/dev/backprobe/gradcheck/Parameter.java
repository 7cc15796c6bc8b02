package dev.backprobe.gradcheck;

import dev.backprobe.tensor.TensorView;
import java.util.Objects;

/**
 * A named parameter tensor, seen through a live view of the trainer's storage.
 *
 * @param name the name findings use, e.g. {@code pkg.Net.w2}
 * @param values the live view the checker perturbs and restores
 */
public record Parameter(String name, TensorView values) {

  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
  }

  /** A parameter over any array {@link TensorView#of(Object)} accepts. */
  public static Parameter of(String name, Object array) {
    return new Parameter(name, TensorView.of(array));
  }

  public int size() {
    return values.size();
  }
}
