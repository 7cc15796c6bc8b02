package dev.backprobe.gradcheck;

import java.util.Objects;

/**
 * An analytic gradient of the loss with respect to one parameter, as a trainer's backward pass
 * computed it.
 *
 * @param parameter the parameter, holding the θ the gradient was computed at
 * @param gradient ∂L/∂θ, row-major, one value per coordinate (not modified)
 */
public record ParameterGradient(Parameter parameter, double[] gradient) {

  public ParameterGradient {
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(gradient, "gradient");
    if (gradient.length != parameter.size()) {
      throw new IllegalArgumentException(
          "gradient of " + parameter.name() + " has " + gradient.length + " values, the parameter "
              + parameter.size());
    }
  }
}
