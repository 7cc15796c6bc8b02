package dev.backprobe.model;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Makes an object of a class without running any of its constructors, for {@link
 * MatrixObject#withValues}: a trainer's matrix class may have no constructor taking a shape, or one
 * that draws random values or counts instances. Uses {@code sun.misc.Unsafe#allocateInstance}
 * (module {@code jdk.unsupported}, present in every JDK since 9), looked up once by reflection;
 * where it is missing nothing is made and the caller skips the object.
 */
final class BlankInstances {

  private static final Object UNSAFE;
  private static final Method ALLOCATE;

  static {
    Object unsafe = null;
    Method allocate = null;
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      Field field = type.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafe = field.get(null);
      allocate = type.getMethod("allocateInstance", Class.class);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      unsafe = null;
      allocate = null;
    }
    UNSAFE = unsafe;
    ALLOCATE = allocate;
  }

  private BlankInstances() {}

  /** A new instance whose fields all hold their default values, or null. */
  static Object allocate(Class<?> type) {
    if (ALLOCATE == null
        || type.isInterface()
        || type.isArray()
        || type.isPrimitive()
        || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
      return null;
    }
    try {
      return ALLOCATE.invoke(UNSAFE, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
