package dev.backprobe.agent.runtime;

import dev.backprobe.model.MatrixObject;
import dev.backprobe.tensor.TensorView;

/**
 * The values a step's code passes around that the runtime records as tensors: numeric arrays, and
 * the trainer's own matrix objects (one wrapped array and its shape, recognised from the object's
 * fields by {@link MatrixObject}, whatever the class and its fields are called). A matrix object is
 * recorded by the identity of the object, seen through its array with its rows × cols shape.
 */
final class Tensors {

  private Tensors() {}

  /** Whether the value is an array the toolkit can view, or a matrix object. */
  static boolean supports(Object value) {
    return value != null && (TensorView.supports(value) || matrix(value) != null);
  }

  /** A live view over an array or a matrix object's array; call only when {@link #supports}. */
  static TensorView view(Object value) {
    if (TensorView.supports(value)) {
      return TensorView.of(value);
    }
    MatrixObject matrix = matrix(value);
    if (matrix == null) {
      throw new IllegalArgumentException("not a tensor: " + value.getClass().getName());
    }
    return matrix.view();
  }

  /**
   * The matrix object a value is, or null: for arrays, JDK objects, objects of any other shape,
   * and objects whose fields cannot be read (skipped, never an error in the host).
   */
  static MatrixObject matrix(Object value) {
    if (value == null || value.getClass().isArray() || isJdk(value.getClass())) {
      return null;
    }
    try {
      return MatrixObject.recognise(value);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.");
  }
}
