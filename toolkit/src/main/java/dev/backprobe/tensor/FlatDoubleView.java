package dev.backprobe.tensor;

/** A shaped window over a {@code double[]}. */
final class FlatDoubleView implements TensorView {
  private final double[] data;
  private final int offset;
  private final int[] shape;
  private final int size;

  FlatDoubleView(double[] data, int offset, int[] shape) {
    this.data = data;
    this.offset = offset;
    this.shape = shape;
    this.size = ArrayViews.product(shape);
    if (offset < 0 || offset + size > data.length) {
      throw new IllegalArgumentException(
          "window [" + offset + ", " + (offset + size) + ") outside an array of " + data.length);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public double get(int index) {
    return data[offset + index];
  }

  @Override
  public void set(int index, double value) {
    data[offset + index] = value;
  }

  @Override
  public boolean singlePrecision() {
    return false;
  }

  @Override
  public String storage() {
    return offset == 0 && size == data.length && shape.length == 1 ? "double[]" : "flat double[]";
  }

  @Override
  public Object target() {
    return data;
  }

  @Override
  public void copyInto(double[] target) {
    ArrayViews.requireRoom(this, target.length);
    System.arraycopy(data, offset, target, 0, size);
  }

  @Override
  public void copyFrom(double[] values) {
    ArrayViews.requireSize(this, values.length);
    System.arraycopy(values, 0, data, offset, size);
  }
}
