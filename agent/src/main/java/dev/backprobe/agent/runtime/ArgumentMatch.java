package dev.backprobe.agent.runtime;

import java.util.Objects;

/**
 * Which of a step's arguments a loss call was given: a per-example trainer that measures {@code
 * error(x, t)} beside {@code learn(x, t, rate)} passes the loss a part of the step's arguments,
 * and a captured step must replay the loss on its own example, not on the loss call that happens
 * to come next (which is already the next example's).
 */
final class ArgumentMatch {

  private ArgumentMatch() {}

  /**
   * For each loss argument, the index of the step argument it equals — the same object, an equal
   * boxed primitive, or an array of equal values — each step argument used once; or null when one
   * of them has no equal, or when only primitives matched (a step size equal to a target by chance
   * says nothing). Reads both arrays, modifies neither.
   */
  static int[] projection(Object[] stepArgs, Object[] lossArgs) {
    if (stepArgs == null || lossArgs == null || lossArgs.length == 0) {
      return null;
    }
    int[] from = new int[lossArgs.length];
    boolean[] used = new boolean[stepArgs.length];
    boolean anObject = false;
    for (int i = 0; i < lossArgs.length; i++) {
      from[i] = -1;
      for (int j = 0; j < stepArgs.length && from[i] < 0; j++) {
        if (!used[j] && same(stepArgs[j], lossArgs[i])) {
          from[i] = j;
          used[j] = true;
        }
      }
      if (from[i] < 0) {
        return null;
      }
      anObject |= !isBoxedPrimitive(lossArgs[i]);
    }
    return anObject ? from : null;
  }

  /** The loss's arguments taken from the step's ({@code from} as made by {@link #projection}). */
  static Object[] project(Object[] stepArgs, int[] from) {
    Object[] args = new Object[from.length];
    for (int i = 0; i < from.length; i++) {
      args[i] = stepArgs[from[i]];
    }
    return args;
  }

  private static boolean same(Object a, Object b) {
    if (a == b) {
      return a != null;
    }
    if (a == null || b == null || a.getClass() != b.getClass()) {
      return false;
    }
    // an object that is not an array or a boxed primitive is only the same when it is identical:
    // the trainer's own equals() is not called
    return (isPrimitiveData(a.getClass()) || isBoxedPrimitive(a)) && Objects.deepEquals(a, b);
  }

  /** An array of primitives, or of such arrays: compared by value without calling equals(). */
  private static boolean isPrimitiveData(Class<?> type) {
    Class<?> component = type.getComponentType();
    return component != null && (component.isPrimitive() || isPrimitiveData(component));
  }

  private static boolean isBoxedPrimitive(Object a) {
    return a instanceof Number || a instanceof Boolean || a instanceof Character;
  }
}
