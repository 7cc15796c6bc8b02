package dev.backprobe.gradcheck;

import dev.backprobe.tensor.TensorView;

/** The line along a unit direction through a whole tensor. */
final class DirectionLine implements Line {
  private final TensorView view;
  private final double[] original;
  private final double[] direction;

  /**
   * @param original the tensor's values as read (not modified); restored exactly
   * @param direction a unit vector (not modified)
   */
  DirectionLine(TensorView view, double[] original, double[] direction) {
    this.view = view;
    this.original = original;
    this.direction = direction;
  }

  @Override
  public double moveTo(double t) {
    double along = 0;
    for (int i = 0; i < original.length; i++) {
      view.set(i, original[i] + t * direction[i]);
      along += (view.get(i) - original[i]) * direction[i];
    }
    return along;
  }

  @Override
  public void restore() {
    for (int i = 0; i < original.length; i++) {
      view.set(i, original[i]);
    }
  }
}
