package dev.backprobe.tensor;

/** Builds the {@link TensorView} that fits an array. */
final class ArrayViews {

  private ArrayViews() {}

  static boolean supports(Object array) {
    if (array instanceof double[] || array instanceof float[]) {
      return true;
    }
    if (array instanceof double[][] rows) {
      return isRectangular(rows);
    }
    if (array instanceof float[][] rows) {
      return isRectangular(rows);
    }
    return false;
  }

  static TensorView of(Object array) {
    if (array instanceof double[] values) {
      return new FlatDoubleView(values, 0, new int[] {values.length});
    }
    if (array instanceof float[] values) {
      return new FlatFloatView(values, 0, new int[] {values.length});
    }
    if (array instanceof double[][] rows && isRectangular(rows)) {
      return new DoubleMatrixView(rows);
    }
    if (array instanceof float[][] rows && isRectangular(rows)) {
      return new FloatMatrixView(rows);
    }
    String what = array == null ? "null" : array.getClass().getSimpleName();
    throw new IllegalArgumentException(
        "cannot view " + what + " as a tensor: expected double[], double[][], float[] or float[][]"
            + " (rectangular)");
  }

  private static boolean isRectangular(Object[] rows) {
    int width = -1;
    for (Object row : rows) {
      int length;
      if (row instanceof double[] r) {
        length = r.length;
      } else if (row instanceof float[] r) {
        length = r.length;
      } else {
        return false;
      }
      if (width >= 0 && length != width) {
        return false;
      }
      width = length;
    }
    return true;
  }

  /** The check of {@link TensorView#copyInto}: the target has room for every value. */
  static void requireRoom(TensorView view, int length) {
    if (length < view.size()) {
      throw new IllegalArgumentException(
          "expected room for " + view.size() + " values of " + view.storage() + ", got " + length);
    }
  }

  /** The check of {@link TensorView#copyFrom}: exactly one value per coordinate. */
  static void requireSize(TensorView view, int length) {
    if (length != view.size()) {
      throw new IllegalArgumentException(
          "expected " + view.size() + " values for " + view.storage() + ", got " + length);
    }
  }

  static int product(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape");
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor too large: " + n + " values");
    }
    return (int) n;
  }
}
