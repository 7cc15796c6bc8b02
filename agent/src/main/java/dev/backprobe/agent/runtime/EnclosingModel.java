package dev.backprobe.agent.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the model of a step called on an inner, local or anonymous class lives: such a class
 * usually trains its enclosing object ({@code class Trainer { void step() { w[i] -= … } }} inside
 * the net), reached through the compiler's synthetic {@code this$0}, or a captured local ({@code
 * val$net}), or the enclosing class's static fields. The model walk skips synthetic fields (they
 * are the compiler's, not the trainer's), so without this the step reached no parameter at all.
 *
 * <p>Decided once per receiver class, on its first receiver: the receiver itself when it holds
 * parameters, else the first of those that does. A class with no such field costs one lookup.
 */
final class EnclosingModel {

  private final Function<Object, List<?>> parameters;
  private final Map<Class<?>, Function<Object, Object>> byClass = new HashMap<>();

  /** @param parameters the parameters reachable from a root (an object, or a class's statics) */
  EnclosingModel(Function<Object, List<?>> parameters) {
    this.parameters = parameters;
  }

  /** The root of the model for a step called on {@code receiver}. */
  Object rootFor(Object receiver) {
    return byClass.computeIfAbsent(receiver.getClass(), c -> choose(receiver)).apply(receiver);
  }

  private Function<Object, Object> choose(Object receiver) {
    Class<?> type = receiver.getClass();
    List<Field> links = links(type);
    Class<?> enclosing = type.getEnclosingClass();
    if (links.isEmpty() && enclosing == null || holdsParameters(receiver)) {
      return Function.identity();
    }
    for (Field link : links) {
      Object target = read(link, receiver);
      if (target != null && holdsParameters(target)) {
        return r -> {
          Object t = read(link, r);
          return t == null ? r : t;
        };
      }
    }
    if (enclosing != null && holdsParameters(enclosing)) {
      return r -> enclosing;
    }
    return Function.identity();
  }

  /** The compiler's references out of an inner class: {@code this$N}, then captured locals. */
  private static List<Field> links(Class<?> type) {
    List<Field> outer = new ArrayList<>();
    List<Field> captured = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!f.isSynthetic() || Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
        continue;
      }
      if (f.getName().startsWith("this$") && f.trySetAccessible()) {
        outer.add(f);
      } else if (f.getName().startsWith("val$") && f.trySetAccessible()) {
        captured.add(f);
      }
    }
    outer.addAll(captured);
    return outer;
  }

  private boolean holdsParameters(Object root) {
    try {
      return !parameters.apply(root).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Object read(Field field, Object receiver) {
    try {
      return field.get(receiver);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      return null;
    }
  }
}
