package dev.backprobe.model;

import dev.backprobe.tensor.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Recognises a trainer's home-made matrix class: an object that wraps exactly one numeric array and
 * nothing else but its shape (and perhaps a name), like EJML's {@code DMatrixRMaj} or a
 * {@code Matrix} with {@code double[] data; int rows, cols}.
 */
final class MatrixObject {

  private static final Set<Class<?>> NUMERIC_ARRAYS =
      Set.of(double[].class, float[].class, double[][].class, float[][].class);

  /** Field types a matrix object may hold beside its array: a name, a boxed shape. */
  private static final Set<Class<?>> INERT_FIELD_TYPES =
      Set.of(String.class, Integer.class, Long.class, int[].class);

  private final TensorView view;

  private MatrixObject(TensorView view) {
    this.view = view;
  }

  TensorView view() {
    return view;
  }

  /**
   * The matrix an object wraps, or null when it is not a matrix object. Decided by the declared
   * field types, not the current values, so that the tensor keeps its name when a field that was
   * null at one capture is set at the next.
   */
  static MatrixObject recognise(Object candidate) {
    List<String> ignored = new ArrayList<>();
    List<FieldLayout.Slot> slots =
        FieldLayout.ofInstances(candidate.getClass(), ignored).slots();
    FieldLayout.Slot storage = null;
    List<Long> shapeCandidates = new ArrayList<>();
    int[] declaredShape = null;
    for (FieldLayout.Slot slot : slots) {
      Class<?> type = slot.field().getType();
      if (slot.primitive()) {
        if (type == int.class || type == long.class) {
          shapeCandidates.add(slot.readBits(candidate));
        }
      } else if (NUMERIC_ARRAYS.contains(type) && storage == null) {
        storage = slot;
      } else if (type == int[].class) {
        declaredShape = (int[]) slot.get(candidate);
      } else if (!INERT_FIELD_TYPES.contains(type)) {
        return null; // a second array, a list, a nested object: a layer, not a matrix
      }
    }
    Object array = storage == null ? null : storage.get(candidate);
    if (array == null || !ModelInspector.isViewable(array)) {
      return null;
    }
    if (array instanceof double[] flat) {
      return new MatrixObject(
          TensorView.flat(flat, 0, shape(flat.length, declaredShape, shapeCandidates)));
    }
    if (array instanceof float[] flat) {
      return new MatrixObject(
          TensorView.flat(flat, 0, shape(flat.length, declaredShape, shapeCandidates)));
    }
    return new MatrixObject(TensorView.of(array));
  }

  /**
   * An {@code int[]} shape field whose product is the length; else the first pair of int fields
   * (in declaration order) whose product is the length; else {@code [length]}.
   */
  private static int[] shape(int length, int[] declared, List<Long> ints) {
    if (declared != null && declared.length > 0) {
      long product = 1;
      for (int d : declared) {
        product *= d;
      }
      if (product == length && Arrays.stream(declared).allMatch(d -> d > 0)) {
        return declared.clone();
      }
    }
    for (int i = 0; i < ints.size(); i++) {
      for (int j = i + 1; j < ints.size(); j++) {
        long rows = ints.get(i);
        long cols = ints.get(j);
        if (rows > 0 && cols > 0 && rows * cols == length) {
          return new int[] {(int) rows, (int) cols};
        }
      }
    }
    return new int[] {length};
  }
}
