package dev.backprobe.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The fields of one class that the model walk reads and a snapshot writes back, made accessible
 * once and cached per class; primitives are read and written as raw bits so nothing is boxed.
 */
final class FieldLayout {

  private static final ClassValue<FieldLayout> INSTANCE_LAYOUTS =
      new ClassValue<>() {
        @Override
        protected FieldLayout computeValue(Class<?> type) {
          return build(type, false);
        }
      };

  private static final ClassValue<FieldLayout> STATIC_LAYOUTS =
      new ClassValue<>() {
        @Override
        protected FieldLayout computeValue(Class<?> type) {
          return build(type, true);
        }
      };

  /**
   * One field.
   *
   * @param field the field, made accessible
   * @param name its name
   * @param type its primitive type, or null for a reference
   * @param settable whether a snapshot can write it back (not a static final, not a record's or
   *     hidden class's final)
   */
  record Slot(Field field, String name, Class<?> type, boolean settable) {

    boolean primitive() {
      return type != null;
    }

    Object get(Object target) {
      try {
        return field.get(target);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + describe(), e);
      }
    }

    void set(Object target, Object value) {
      try {
        field.set(target, value);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot write " + describe(), e);
      }
    }

    /** The value of a primitive field as raw bits (NaN payloads and −0.0 kept). */
    long readBits(Object target) {
      try {
        if (type == double.class) {
          return Double.doubleToRawLongBits(field.getDouble(target));
        } else if (type == float.class) {
          return Float.floatToRawIntBits(field.getFloat(target));
        } else if (type == long.class) {
          return field.getLong(target);
        } else if (type == boolean.class) {
          return field.getBoolean(target) ? 1 : 0;
        } else if (type == char.class) {
          return field.getChar(target);
        }
        return field.getInt(target); // int, short, byte widen exactly
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + describe(), e);
      }
    }

    void writeBits(Object target, long bits) {
      try {
        if (type == double.class) {
          field.setDouble(target, Double.longBitsToDouble(bits));
        } else if (type == float.class) {
          field.setFloat(target, Float.intBitsToFloat((int) bits));
        } else if (type == long.class) {
          field.setLong(target, bits);
        } else if (type == boolean.class) {
          field.setBoolean(target, bits != 0);
        } else if (type == char.class) {
          field.setChar(target, (char) bits);
        } else if (type == short.class) {
          field.setShort(target, (short) bits);
        } else if (type == byte.class) {
          field.setByte(target, (byte) bits);
        } else {
          field.setInt(target, (int) bits);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot write " + describe(), e);
      }
    }

    private String describe() {
      return field.getDeclaringClass().getName() + "." + name;
    }
  }

  private final List<Slot> slots;
  private final List<String> limitations;

  private FieldLayout(List<Slot> slots, List<String> limitations) {
    this.slots = slots;
    this.limitations = limitations;
  }

  /** Instance fields of a class and its superclasses up to the first JDK class, supers first. */
  static FieldLayout ofInstances(Class<?> type, Collection<String> limitationsOut) {
    FieldLayout layout = INSTANCE_LAYOUTS.get(type);
    limitationsOut.addAll(layout.limitations);
    return layout;
  }

  /** Static fields declared by a class. */
  static FieldLayout ofStatics(Class<?> type, Collection<String> limitationsOut) {
    FieldLayout layout = STATIC_LAYOUTS.get(type);
    limitationsOut.addAll(layout.limitations);
    return layout;
  }

  List<Slot> slots() {
    return slots;
  }

  private static FieldLayout build(Class<?> type, boolean statics) {
    List<Class<?>> chain = new ArrayList<>();
    if (statics) {
      chain.add(type);
    } else {
      for (Class<?> c = type; c != null && !ObjectGraph.isJdk(c); c = c.getSuperclass()) {
        chain.add(0, c);
      }
    }
    List<Slot> slots = new ArrayList<>();
    List<String> limitations = new ArrayList<>();
    for (Class<?> c : chain) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) != statics || field.isSynthetic()) {
          continue;
        }
        boolean isFinal = Modifier.isFinal(modifiers);
        if (statics && isFinal && field.getType().isPrimitive()) {
          continue; // a constant: nothing to find, nothing to restore
        }
        if (!field.trySetAccessible()) {
          limitations.add(
              "cannot read " + c.getName() + "." + field.getName() + ": "
                  + c.getModule() + " does not open " + c.getPackageName()
                  + " to Backprobe (add --add-opens for it)");
          continue;
        }
        boolean settable = !(isFinal && (statics || c.isRecord() || c.isHidden()));
        Class<?> primitive = field.getType().isPrimitive() ? field.getType() : null;
        slots.add(new Slot(field, field.getName(), primitive, settable));
      }
    }
    return new FieldLayout(List.copyOf(slots), List.copyOf(limitations));
  }
}
