package dev.backprobe.gradcheck;

import java.util.Objects;

/**
 * The change one training step made to a parameter.
 *
 * @param parameter the parameter, holding θ_before while it is checked
 * @param delta Δθ = θ_after − θ_before, row-major, one value per coordinate (not modified)
 */
public record ParameterUpdate(Parameter parameter, double[] delta) {

  public ParameterUpdate {
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(delta, "delta");
    if (delta.length != parameter.size()) {
      throw new IllegalArgumentException(
          "update of " + parameter.name() + " has " + delta.length + " values, the parameter "
              + parameter.size());
    }
  }
}
