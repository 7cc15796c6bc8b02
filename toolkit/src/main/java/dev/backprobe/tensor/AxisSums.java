package dev.backprobe.tensor;

/**
 * Sums along each axis of a 2-D tensor: what tells a row-wise softmax from one normalised over the
 * whole matrix or over the columns.
 *
 * @param rowSumMin smallest row sum
 * @param rowSumMax largest row sum
 * @param columnSumMin smallest column sum
 * @param columnSumMax largest column sum
 * @param total sum of every value
 */
public record AxisSums(
    double rowSumMin, double rowSumMax, double columnSumMin, double columnSumMax, double total) {

  /**
   * Row and column sums of a 2-D view (read, not modified) in one pass; a 1-D view is one row.
   * Non-finite values propagate into the sums that contain them ({@code Math.min}/{@code max}
   * return NaN when either side is NaN, so a NaN sum stays visible).
   */
  public static AxisSums of(TensorView matrix) {
    int[] shape = matrix.shape();
    if (shape.length > 2) {
      throw new IllegalArgumentException(
          "axis sums need a 2-D tensor, got " + shape.length + " dimensions");
    }
    int rows = shape.length == 2 ? shape[0] : 1;
    int columns = shape.length == 2 ? shape[1] : shape[0];
    double[] columnSums = new double[columns];
    double rowMin = Double.POSITIVE_INFINITY;
    double rowMax = Double.NEGATIVE_INFINITY;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double rowSum = 0;
      for (int c = 0; c < columns; c++) {
        double v = matrix.get(r * columns + c);
        rowSum += v;
        columnSums[c] += v;
      }
      rowMin = Math.min(rowMin, rowSum);
      rowMax = Math.max(rowMax, rowSum);
      total += rowSum;
    }
    double columnMin = Double.POSITIVE_INFINITY;
    double columnMax = Double.NEGATIVE_INFINITY;
    for (double s : columnSums) {
      columnMin = Math.min(columnMin, s);
      columnMax = Math.max(columnMax, s);
    }
    if (rows == 0 || columns == 0) {
      return new AxisSums(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.0);
    }
    return new AxisSums(rowMin, rowMax, columnMin, columnMax, total);
  }
}
