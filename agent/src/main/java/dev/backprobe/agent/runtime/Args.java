package dev.backprobe.agent.runtime;

/** Copies of method arguments, so that a replay sees them as they were at the call. */
final class Args {

  private Args() {}

  /** Copies arrays of primitives (and arrays of those) deeply; other objects are shared. */
  static Object[] deepCopy(Object[] args) {
    Object[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copyValue(copy[i]);
    }
    return copy;
  }

  static Object copyValue(Object value) {
    if (value instanceof double[] a) {
      return a.clone();
    }
    if (value instanceof float[] a) {
      return a.clone();
    }
    if (value instanceof int[] a) {
      return a.clone();
    }
    if (value instanceof long[] a) {
      return a.clone();
    }
    if (value instanceof byte[] a) {
      return a.clone();
    }
    if (value instanceof Object[] a && isArrayOfPrimitiveArrays(a)) {
      Object[] copy = a.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = copyValue(copy[i]);
      }
      return copy;
    }
    return value;
  }

  private static boolean isArrayOfPrimitiveArrays(Object[] a) {
    Class<?> component = a.getClass().getComponentType();
    return component.isArray();
  }
}
