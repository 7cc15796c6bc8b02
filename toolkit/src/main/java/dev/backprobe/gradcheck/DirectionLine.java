package dev.backprobe.gradcheck;

import dev.backprobe.tensor.TensorView;

/**
 * The line along a unit direction through a whole tensor. Moves are written in one bulk copy from
 * a scratch array (shared by the lines of one tensor, which are used one after the other), not
 * coordinate by coordinate: a directional check of a 235 k-value weight matrix moves it about ten
 * times, and per-index writes took a fifth of a captured step's verification.
 */
final class DirectionLine implements Line {
  private final TensorView view;
  private final double[] original;
  private final double[] direction;
  private final double[] scratch;

  /**
   * @param original the tensor's values as read (not modified); restored exactly
   * @param direction a unit vector (not modified)
   * @param scratch a buffer of the tensor's size, overwritten by every move
   */
  DirectionLine(TensorView view, double[] original, double[] direction, double[] scratch) {
    this.view = view;
    this.original = original;
    this.direction = direction;
    this.scratch = scratch;
  }

  @Override
  public double moveTo(double t) {
    boolean single = view.singlePrecision();
    double along = 0;
    for (int i = 0; i < original.length; i++) {
      double moved = original[i] + t * direction[i];
      // what the storage will hold: the distance is measured on that, not on the wish
      scratch[i] = single ? (float) moved : moved;
      along += (scratch[i] - original[i]) * direction[i];
    }
    view.copyFrom(scratch);
    return along;
  }

  @Override
  public void restore() {
    view.copyFrom(original);
  }
}
