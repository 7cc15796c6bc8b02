package dev.backprobe.model;

import dev.backprobe.tensor.TensorView;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises a trainer's home-made matrix class: an object that wraps exactly one numeric array and
 * nothing else but its shape (and perhaps a name), like EJML's {@code DMatrixRMaj} or a
 * {@code Matrix} with {@code double[] data; int rows, cols}. Decided from the fields' types and
 * values, never from names, so a {@code Grid} with {@code int height, width; double[] cells} is one
 * too.
 *
 * <p>It can also make a new object of the same class holding other values ({@link #withValues}),
 * so that a function of the trainer's taking such objects can be called on test values without
 * touching any object of the trainer's.
 */
public final class MatrixObject {

  private static final Set<Class<?>> NUMERIC_ARRAYS =
      Set.of(double[].class, float[].class, double[][].class, float[][].class);

  /** Field types a matrix object may hold beside its array: a name, a boxed shape. */
  private static final Set<Class<?>> INERT_FIELD_TYPES =
      Set.of(String.class, Integer.class, Long.class, int[].class);

  /** Where a flat array's shape came from: the {@code int[]} field, two int fields, or nowhere. */
  private enum ShapeSource {
    ARRAY_FIELD,
    INT_FIELDS,
    NONE
  }

  /**
   * What the declared field types say about a class, computed once per class.
   *
   * @param slots every instance field, in declaration order (supers first)
   * @param storage the one numeric array field, or null when the class is not a matrix object
   * @param ints the {@code int}/{@code long} fields, shape candidates
   * @param shapeArray the last {@code int[]} field, or null
   * @param complete whether every field could be read (else no copy is made: it would miss them)
   */
  private record Layout(
      List<FieldLayout.Slot> slots,
      FieldLayout.Slot storage,
      List<FieldLayout.Slot> ints,
      FieldLayout.Slot shapeArray,
      boolean complete) {}

  private static final Layout NOT_A_MATRIX = new Layout(List.of(), null, List.of(), null, false);

  private static final ClassValue<Layout> LAYOUTS =
      new ClassValue<>() {
        @Override
        protected Layout computeValue(Class<?> type) {
          return layout(type);
        }
      };

  private final Object wrapper;
  private final Layout layout;
  private final TensorView view;
  private final ShapeSource shapeSource;
  /** The two int fields the shape was read from (INT_FIELDS), else null. */
  private final FieldLayout.Slot[] shapeInts;

  private MatrixObject(
      Object wrapper,
      Layout layout,
      TensorView view,
      ShapeSource shapeSource,
      FieldLayout.Slot[] shapeInts) {
    this.wrapper = wrapper;
    this.layout = layout;
    this.view = view;
    this.shapeSource = shapeSource;
    this.shapeInts = shapeInts;
  }

  /** The wrapped array itself (a {@code double[][]}, or a flat {@code double[]}/{@code float[]}). */
  public Object storage() {
    return layout.storage().get(wrapper);
  }

  /** A live view over the wrapped array, shaped as the object says (rows × cols). */
  public TensorView view() {
    return view;
  }

  /**
   * The matrix an object wraps, or null when it is not a matrix object (or its array is null or
   * empty). Decided by the declared field types, not the current values, so that the tensor keeps
   * its name when a field that was null at one capture is set at the next. Arrays, JDK objects and
   * objects whose fields cannot be read are never matrix objects.
   */
  public static MatrixObject recognise(Object candidate) {
    if (candidate == null || candidate.getClass().isArray()) {
      return null;
    }
    Layout layout = LAYOUTS.get(candidate.getClass());
    if (layout.storage() == null) {
      return null;
    }
    Object array = layout.storage().get(candidate);
    if (array == null || !ModelInspector.isViewable(array)) {
      return null;
    }
    if (array instanceof double[] || array instanceof float[]) {
      int length = java.lang.reflect.Array.getLength(array);
      int[] declared =
          layout.shapeArray() == null ? null : (int[]) layout.shapeArray().get(candidate);
      if (isShapeOf(declared, length)) {
        return flat(candidate, layout, array, declared.clone(), ShapeSource.ARRAY_FIELD, null);
      }
      FieldLayout.Slot[] pair = shapePair(candidate, layout.ints(), length);
      if (pair != null) {
        int[] shape = {(int) pair[0].readBits(candidate), (int) pair[1].readBits(candidate)};
        return flat(candidate, layout, array, shape, ShapeSource.INT_FIELDS, pair);
      }
      return flat(candidate, layout, array, new int[] {length}, ShapeSource.NONE, null);
    }
    return new MatrixObject(candidate, layout, TensorView.of(array), ShapeSource.NONE, null);
  }

  private static MatrixObject flat(
      Object candidate,
      Layout layout,
      Object array,
      int[] shape,
      ShapeSource source,
      FieldLayout.Slot[] pair) {
    TensorView view =
        array instanceof double[] d
            ? TensorView.flat(d, 0, shape)
            : TensorView.flat((float[]) array, 0, shape);
    return new MatrixObject(candidate, layout, view, source, pair);
  }

  private static Layout layout(Class<?> type) {
    List<String> ignored = new ArrayList<>();
    List<FieldLayout.Slot> slots = FieldLayout.ofInstances(type, ignored).slots();
    FieldLayout.Slot storage = null;
    FieldLayout.Slot shapeArray = null;
    List<FieldLayout.Slot> ints = new ArrayList<>();
    for (FieldLayout.Slot slot : slots) {
      Class<?> fieldType = slot.field().getType();
      if (slot.primitive()) {
        if (fieldType == int.class || fieldType == long.class) {
          ints.add(slot);
        }
      } else if (NUMERIC_ARRAYS.contains(fieldType) && storage == null) {
        storage = slot;
      } else if (fieldType == int[].class) {
        shapeArray = slot;
      } else if (!INERT_FIELD_TYPES.contains(fieldType)) {
        return NOT_A_MATRIX; // a second array, a list, a nested object: a layer, not a matrix
      }
    }
    return storage == null
        ? NOT_A_MATRIX
        : new Layout(
            List.copyOf(slots), storage, List.copyOf(ints), shapeArray, ignored.isEmpty());
  }

  /** An {@code int[]} shape with positive dimensions whose product is the length. */
  private static boolean isShapeOf(int[] declared, int length) {
    if (declared == null || declared.length == 0) {
      return false;
    }
    long product = 1;
    for (int d : declared) {
      product *= d;
    }
    return product == length && Arrays.stream(declared).allMatch(d -> d > 0);
  }

  /** The first pair of int fields (in declaration order) whose product is the length, or null. */
  private static FieldLayout.Slot[] shapePair(
      Object candidate, List<FieldLayout.Slot> ints, int length) {
    for (int i = 0; i < ints.size(); i++) {
      for (int j = i + 1; j < ints.size(); j++) {
        long rows = ints.get(i).readBits(candidate);
        long cols = ints.get(j).readBits(candidate);
        if (rows > 0 && cols > 0 && rows * cols == length) {
          return new FieldLayout.Slot[] {ints.get(i), ints.get(j)};
        }
      }
    }
    return null;
  }

  /**
   * A new object of this one's class holding {@code values} (rows × cols, rectangular): every field
   * copied from this object, then a fresh array with the values and the shape fields set to the
   * new shape. A record is made by its canonical constructor from those field values; any other
   * class without running a constructor of the trainer's. The result shares no array with this
   * object, so a function called on it cannot change the trainer's state through it. An object
   * whose shape is not stored (a plain vector) gets all the values, row after row.
   *
   * @return the new object, or null when one cannot be made (the class cannot be instantiated
   *     that way, a field cannot be written, or the new object does not read back as these
   *     values)
   */
  public Object withValues(double[][] values) {
    int rows = values.length;
    int cols = rows == 0 ? 0 : values[0].length;
    if (rows == 0
        || cols == 0
        || !layout.complete()
        || !Arrays.stream(values).allMatch(r -> r.length == cols)) {
      return null;
    }
    Object copy;
    try {
      Map<FieldLayout.Slot, Object> fields = new LinkedHashMap<>();
      for (FieldLayout.Slot slot : layout.slots()) {
        fields.put(slot, slot.get(wrapper)); // primitives boxed: only ints and shapes change
      }
      fields.put(layout.storage(), storage(layout.storage().field().getType(), values));
      if (!reshape(fields, rows, cols)) {
        return null;
      }
      copy = wrapper.getClass().isRecord() ? construct(fields) : allocate(fields);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    MatrixObject made = copy == null ? null : recognise(copy);
    return made != null && readsBack(made.view(), values, shaped()) ? copy : null;
  }

  /** Whether objects of this class say their shape (rows × cols), not only their length. */
  public boolean shaped() {
    return view.shape().length == 2;
  }

  private Object allocate(Map<FieldLayout.Slot, Object> fields) {
    Object copy = BlankInstances.allocate(wrapper.getClass());
    if (copy == null) {
      return null;
    }
    for (Map.Entry<FieldLayout.Slot, Object> field : fields.entrySet()) {
      if (!field.getKey().settable()) {
        return null;
      }
      field.getKey().set(copy, field.getValue());
    }
    return copy;
  }

  /** A record's fields are its components, in order: the canonical constructor takes them. */
  private Object construct(Map<FieldLayout.Slot, Object> fields)
      throws ReflectiveOperationException {
    Class<?> type = wrapper.getClass();
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      for (Map.Entry<FieldLayout.Slot, Object> field : fields.entrySet()) {
        if (field.getKey().name().equals(components[i].getName())) {
          args[i] = field.getValue();
        }
      }
    }
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    canonical.setAccessible(true);
    return canonical.newInstance(args);
  }

  private static Object storage(Class<?> type, double[][] values) {
    int rows = values.length;
    int cols = values[0].length;
    if (type == double[][].class) {
      double[][] m = new double[rows][];
      for (int i = 0; i < rows; i++) {
        m[i] = values[i].clone();
      }
      return m;
    }
    if (type == float[][].class) {
      float[][] m = new float[rows][cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          m[i][j] = (float) values[i][j];
        }
      }
      return m;
    }
    double[] flat = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(values[i], 0, flat, i * cols, cols);
    }
    if (type == double[].class) {
      return flat;
    }
    float[] f = new float[flat.length];
    for (int i = 0; i < flat.length; i++) {
      f[i] = (float) flat[i];
    }
    return f;
  }

  /** Puts the new shape where this object's shape was read from. */
  private boolean reshape(Map<FieldLayout.Slot, Object> fields, int rows, int cols) {
    int[] old = view.shape();
    if (shapeSource == ShapeSource.ARRAY_FIELD) {
      int[] declared = (int[]) layout.shapeArray().get(wrapper);
      if (declared.length == 2) {
        fields.put(layout.shapeArray(), new int[] {rows, cols});
      } else if (declared.length == 1) {
        fields.put(layout.shapeArray(), new int[] {rows * cols});
      } else {
        return false;
      }
      return true;
    }
    FieldLayout.Slot[] pair = shapeInts;
    if (pair == null && old.length == 2) {
      // a double[][]: its int fields, if any, are the pair holding its current dimensions
      pair = pairHolding(old[0], old[1]);
    }
    if (pair != null) {
      fields.put(pair[0], dimension(pair[0], rows));
      fields.put(pair[1], dimension(pair[1], cols));
    }
    return true;
  }

  /** A dimension boxed as its field's type ({@code int} or {@code long}). */
  private static Object dimension(FieldLayout.Slot slot, int value) {
    return slot.field().getType() == long.class ? (Object) (long) value : (Object) value;
  }

  private FieldLayout.Slot[] pairHolding(int rows, int cols) {
    List<FieldLayout.Slot> ints = layout.ints();
    for (int i = 0; i < ints.size(); i++) {
      for (int j = i + 1; j < ints.size(); j++) {
        if (ints.get(i).readBits(wrapper) == rows && ints.get(j).readBits(wrapper) == cols) {
          return new FieldLayout.Slot[] {ints.get(i), ints.get(j)};
        }
      }
    }
    return null;
  }

  private static boolean readsBack(TensorView made, double[][] values, boolean shaped) {
    int rows = values.length;
    int cols = values[0].length;
    int[] shape = made.shape();
    boolean shapeOk =
        shaped
            ? shape.length == 2 && shape[0] == rows && shape[1] == cols
            : made.size() == rows * cols;
    if (!shapeOk) {
      return false;
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double v = made.get(i * cols + j);
        if (!(made.singlePrecision() ? (float) v == (float) values[i][j] : v == values[i][j])
            && !(Double.isNaN(v) && Double.isNaN(values[i][j]))) {
          return false;
        }
      }
    }
    return true;
  }
}
