package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and calls a trainer method by reflection, from what the transformer recorded (owner, name,
 * descriptor). Classes are resolved through the loaders of the receivers seen so far, then the
 * context and system loaders.
 */
final class Invoker {

  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
  private final Map<Integer, Method> methods = new ConcurrentHashMap<>();

  /** Remembers a receiver's class (and its superclasses) so that static owners can be found. */
  void learn(Object receiver) {
    if (receiver == null) {
      return;
    }
    for (Class<?> c = receiver.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (classes.putIfAbsent(c.getName(), c) != null) {
        return;
      }
    }
  }

  void learnClass(Class<?> type) {
    classes.putIfAbsent(type.getName(), type);
  }

  /** The class with this dotted name, or null when no known loader has it. */
  Class<?> type(String name) {
    Class<?> known = classes.get(name);
    if (known != null) {
      return known;
    }
    for (ClassLoader loader :
        new ClassLoader[] {
          Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()
        }) {
      try {
        Class<?> c = Class.forName(name, false, loader);
        classes.put(name, c);
        return c;
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        // try the next loader
      }
    }
    for (Class<?> c : classes.values()) {
      try {
        Class<?> found = Class.forName(name, false, c.getClassLoader());
        classes.put(name, found);
        return found;
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        // try the next loader
      }
    }
    return null;
  }

  /** The reflective method, made accessible, or null. */
  Method method(MethodInfo info) {
    Method cached = methods.get(info.id());
    if (cached != null) {
      return cached;
    }
    Class<?> owner = type(info.owner());
    if (owner == null) {
      return null;
    }
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(info.name()) && descriptor(m).equals(info.descriptor())) {
        try {
          m.setAccessible(true);
        } catch (RuntimeException e) {
          return null;
        }
        methods.put(info.id(), m);
        return m;
      }
    }
    return null;
  }

  /** Calls the method; unwraps the trainer's own exception. */
  Object invoke(MethodInfo info, Object receiver, Object[] args) throws Exception {
    Method m = method(info);
    if (m == null) {
      throw new IllegalStateException("cannot find " + info.qualifiedName() + info.descriptor());
    }
    try {
      return m.invoke(info.isStatic() ? null : receiver, args == null ? new Object[0] : args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  static String descriptor(Method m) {
    StringBuilder sb = new StringBuilder("(");
    for (Class<?> p : m.getParameterTypes()) {
      sb.append(descriptor(p));
    }
    return sb.append(')').append(descriptor(m.getReturnType())).toString();
  }

  static String descriptor(Class<?> c) {
    if (c.isArray()) {
      return c.getName().replace('.', '/');
    }
    if (c.isPrimitive()) {
      if (c == int.class) return "I";
      if (c == long.class) return "J";
      if (c == double.class) return "D";
      if (c == float.class) return "F";
      if (c == boolean.class) return "Z";
      if (c == byte.class) return "B";
      if (c == char.class) return "C";
      if (c == short.class) return "S";
      return "V";
    }
    return "L" + c.getName().replace('.', '/') + ";";
  }

  /** The return type of a descriptor as Java spells it: {@code ([D)V} → {@code void}. */
  static String returnTypeName(String descriptor) {
    String t = descriptor.substring(descriptor.indexOf(')') + 1);
    int dims = 0;
    while (dims < t.length() && t.charAt(dims) == '[') {
      dims++;
    }
    String element =
        switch (t.charAt(dims)) {
          case 'V' -> "void";
          case 'Z' -> "boolean";
          case 'B' -> "byte";
          case 'C' -> "char";
          case 'S' -> "short";
          case 'I' -> "int";
          case 'J' -> "long";
          case 'F' -> "float";
          case 'D' -> "double";
          default -> t.substring(dims + 1, t.length() - 1).replace('/', '.');
        };
    return element + "[]".repeat(dims);
  }

  /** The parameter part of a descriptor: {@code ([[D[[D)D} → {@code [[D[[D}. */
  static String parameterTypes(String descriptor) {
    int close = descriptor.indexOf(')');
    return close < 0 ? descriptor : descriptor.substring(1, close);
  }
}
