package dev.backprobe.tensor;

/** A view over a rectangular {@code double[][]}, rows first. */
final class DoubleMatrixView implements TensorView {
  private final double[][] rows;
  private final int columns;

  DoubleMatrixView(double[][] rows) {
    this.rows = rows;
    this.columns = rows.length == 0 ? 0 : rows[0].length;
  }

  @Override
  public int size() {
    return rows.length * columns;
  }

  @Override
  public int[] shape() {
    return new int[] {rows.length, columns};
  }

  @Override
  public double get(int index) {
    return rows[index / columns][index % columns];
  }

  @Override
  public void set(int index, double value) {
    rows[index / columns][index % columns] = value;
  }

  @Override
  public boolean singlePrecision() {
    return false;
  }

  @Override
  public String storage() {
    return "double[][]";
  }

  @Override
  public Object target() {
    return rows;
  }

  @Override
  public void copyInto(double[] target) {
    ArrayViews.requireRoom(this, target.length);
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, target, r * columns, columns);
    }
  }

  @Override
  public void copyFrom(double[] values) {
    ArrayViews.requireSize(this, values.length);
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(values, r * columns, rows[r], 0, columns);
    }
  }
}
