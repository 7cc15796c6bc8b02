package dev.backprobe.tensor;

/** A view over a rectangular {@code float[][]}, rows first. */
final class FloatMatrixView implements TensorView {
  private final float[][] rows;
  private final int columns;

  FloatMatrixView(float[][] rows) {
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
    rows[index / columns][index % columns] = (float) value;
  }

  @Override
  public boolean singlePrecision() {
    return true;
  }

  @Override
  public String storage() {
    return "float[][]";
  }

  @Override
  public Object target() {
    return rows;
  }

  @Override
  public void copyInto(double[] target) {
    ArrayViews.requireRoom(this, target.length);
    for (int r = 0; r < rows.length; r++) {
      float[] row = rows[r];
      int base = r * columns;
      for (int c = 0; c < columns; c++) {
        target[base + c] = row[c];
      }
    }
  }

  @Override
  public void copyFrom(double[] values) {
    ArrayViews.requireSize(this, values.length);
    for (int r = 0; r < rows.length; r++) {
      float[] row = rows[r];
      int base = r * columns;
      for (int c = 0; c < columns; c++) {
        row[c] = (float) values[base + c];
      }
    }
  }
}
