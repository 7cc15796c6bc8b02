package dev.backprobe.tensor;

/** A shaped window over a {@code float[]}. */
final class FlatFloatView implements TensorView {
  private final float[] data;
  private final int offset;
  private final int[] shape;
  private final int size;

  FlatFloatView(float[] data, int offset, int[] shape) {
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
    data[offset + index] = (float) value;
  }

  @Override
  public boolean singlePrecision() {
    return true;
  }

  @Override
  public String storage() {
    return offset == 0 && size == data.length && shape.length == 1 ? "float[]" : "flat float[]";
  }

  @Override
  public Object target() {
    return data;
  }

  @Override
  public void copyInto(double[] target) {
    ArrayViews.requireRoom(this, target.length);
    for (int i = 0; i < size; i++) {
      target[i] = data[offset + i];
    }
  }

  @Override
  public void copyFrom(double[] values) {
    ArrayViews.requireSize(this, values.length);
    for (int i = 0; i < size; i++) {
      data[offset + i] = (float) values[i];
    }
  }
}
