package dev.backprobe.trace;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a record with every component set, recursively, from the components' declared types, so
 * that a test comparing two writers sees every field of the format, including ones added later.
 * With {@code nulls}, every component that may be null is (lists and maps still hold one element,
 * itself filled with nulls), to compare how the writers leave out or write null fields.
 */
public final class RecordFiller {
  /** Text needing escapes, and some that does not. */
  private static final String[] TEXTS = {"plain", "quote \" and \\ back", "tab\tnew\nline", "é ∇ 😀"};
  /** Doubles including those JSON has no number for. */
  private static final double[] DOUBLES = {
    0.5, -1.25e-12, Double.NaN, 3.0e300, Double.POSITIVE_INFINITY, -0.0, Double.NEGATIVE_INFINITY, 7
  };

  private final boolean nulls;
  private int counter;

  private RecordFiller(boolean nulls) {
    this.nulls = nulls;
  }

  /** A record of {@code type} with every component set. */
  public static <T> T full(Class<T> type) {
    return type.cast(new RecordFiller(false).value(type));
  }

  /** A record of {@code type} with every nullable component null. */
  public static <T> T withNulls(Class<T> type) {
    return type.cast(new RecordFiller(true).record(type));
  }

  private Object value(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        List<Object> list = new ArrayList<>();
        int n = nulls ? 1 : 2;
        for (int i = 0; i < n; i++) {
          list.add(value(args[0]));
        }
        return list;
      }
      if (Map.class.isAssignableFrom(raw)) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args[1] == Object.class) {
          map.put("int", 3);
          map.put("double", 0.25);
          map.put("nan", Double.NaN);
          map.put("text", TEXTS[1]);
          map.put("flag", true);
          map.put("long", 1L << 40);
          map.put("list", List.of(1, 2, 3));
          map.put("doubles", new double[] {1.5, Double.NaN});
          map.put("ints", new int[] {4, 5});
          map.put("nested", Map.of("k", 1));
          map.put("enum", Thread.State.RUNNABLE); map.put("float", 1.5f);
          return map;
        }
        map.put("key-" + counter++, value(args[1]));
        map.put("key \"" + counter++ + "\"", value(args[1]));
        return map;
      }
      throw new IllegalArgumentException("no filler for " + type);
    }
    Class<?> c = (Class<?>) type;
    int n = counter++;
    if (c == String.class) {
      return TEXTS[n % TEXTS.length] + n;
    }
    if (c == int.class || c == Integer.class) {
      return n + 1;
    }
    if (c == long.class || c == Long.class) {
      return (long) n + 1;
    }
    if (c == double.class || c == Double.class) {
      return DOUBLES[n % DOUBLES.length];
    }
    if (c == boolean.class || c == Boolean.class) {
      return n % 2 == 0;
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return constants[n % constants.length];
    }
    if (c.isArray()) {
      Object array = Array.newInstance(c.getComponentType(), 3);
      for (int i = 0; i < 3; i++) {
        Array.set(array, i, value(c.getComponentType()));
      }
      return array;
    }
    if (c.isRecord()) {
      return record(c);
    }
    throw new IllegalArgumentException("no filler for " + c);
  }

  private Object record(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      boolean nullable = !types[i].isPrimitive();
      boolean container = List.class.isAssignableFrom(types[i]) || Map.class.isAssignableFrom(types[i]);
      values[i] = nulls && nullable && !container ? null : value(components[i].getGenericType());
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }
}
