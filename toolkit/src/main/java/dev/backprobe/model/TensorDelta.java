package dev.backprobe.model;

/**
 * What a step did to one tensor: Δθ = θ_after − θ_before, row-major.
 *
 * @param tensor the tensor, with its view over the "before" objects
 * @param delta the change of each value
 * @param changed whether any value differs bitwise (a NaN that stayed NaN is no change)
 */
public record TensorDelta(DiscoveredTensor tensor, double[] delta, boolean changed) {

  /** ‖Δθ‖, Euclidean. */
  public double norm() {
    double sum = 0;
    for (double d : delta) {
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  public String name() {
    return tensor.name();
  }
}
