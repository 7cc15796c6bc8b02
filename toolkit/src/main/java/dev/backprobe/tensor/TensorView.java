package dev.backprobe.tensor;

/**
 * A live, row-major view over a trainer's storage: reads and writes go straight to the trainer's
 * own array, so a gradient checker can perturb one coordinate and put it back exactly.
 *
 * <p>Views exist for {@code double[]}, {@code double[][]}, {@code float[]}, {@code float[][]} and a
 * flat {@code double[]} or {@code float[]} with an offset and a shape (a home-made {@code Matrix}
 * class, or one array holding every layer).
 */
public interface TensorView {

  /** Number of values. */
  int size();

  /** Dimensions, e.g. {@code [300, 784]}; a vector is {@code [n]}. The array is a copy. */
  int[] shape();

  /** The value at a row-major index. */
  double get(int index);

  /**
   * Writes a value at a row-major index. For single-precision storage the value is rounded to
   * {@code float}; writing back a value read with {@link #get} is always exact.
   */
  void set(int index, double value);

  /** Whether the storage is {@code float}, so that checks use single-precision tolerances. */
  boolean singlePrecision();

  /** How the trainer stores it, for messages: {@code double[][]}, {@code flat float[]}… */
  String storage();

  /** The storage object itself (the array, or the outer array of a matrix). */
  Object target();

  /** A row-major copy of the values. */
  default double[] toArray() {
    double[] copy = new double[size()];
    copyInto(copy);
    return copy;
  }

  /**
   * Reads every value, row-major, into the start of {@code target} (at least {@link #size()}
   * long). The views over arrays override it with row copies: a checker reads and writes whole
   * tensors of 10⁵–10⁶ values several times per captured step, and per-index calls cost a division
   * each.
   */
  default void copyInto(double[] target) {
    ArrayViews.requireRoom(this, target.length);
    for (int i = 0; i < size(); i++) {
      target[i] = get(i);
    }
  }

  /**
   * Writes every value from a row-major array of the same size (rounded to {@code float} for
   * single-precision storage, as {@link #set} does).
   */
  default void copyFrom(double[] values) {
    ArrayViews.requireSize(this, values.length);
    for (int i = 0; i < values.length; i++) {
      set(i, values[i]);
    }
  }

  /**
   * A view over any supported array: {@code double[]}, {@code double[][]}, {@code float[]} or
   * {@code float[][]} (rectangular).
   *
   * @throws IllegalArgumentException when the object is not one of those, or a matrix is ragged
   */
  static TensorView of(Object array) {
    return ArrayViews.of(array);
  }

  /** A view over {@code data[offset .. offset + product(shape))} read with the given shape. */
  static TensorView flat(double[] data, int offset, int... shape) {
    return new FlatDoubleView(data, offset, shape.clone());
  }

  /** A view over {@code data[offset .. offset + product(shape))} read with the given shape. */
  static TensorView flat(float[] data, int offset, int... shape) {
    return new FlatFloatView(data, offset, shape.clone());
  }

  /** Whether {@link #of(Object)} accepts this object. */
  static boolean supports(Object array) {
    return ArrayViews.supports(array);
  }
}
