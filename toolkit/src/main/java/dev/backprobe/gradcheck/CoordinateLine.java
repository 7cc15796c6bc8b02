package dev.backprobe.gradcheck;

import dev.backprobe.tensor.TensorView;

/** The line along one coordinate axis of a tensor. */
final class CoordinateLine implements Line {
  private final TensorView view;
  private final int index;
  private final double original;

  CoordinateLine(TensorView view, int index) {
    this.view = view;
    this.index = index;
    this.original = view.get(index);
  }

  double original() {
    return original;
  }

  @Override
  public double moveTo(double t) {
    view.set(index, original + t);
    return view.get(index) - original;
  }

  @Override
  public void restore() {
    view.set(index, original);
  }
}
