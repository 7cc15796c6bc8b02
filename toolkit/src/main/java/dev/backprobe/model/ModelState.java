package dev.backprobe.model;

import dev.backprobe.tensor.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A snapshot of everything a model holds, which can be put back into the very same objects: what
 * lets Backprobe replay a loss at the parameters before a step, and then return the trainer to
 * exactly where it was.
 *
 * <p>{@link #capture} walks the model like {@link ModelInspector} and copies every field value
 * (primitives bit for bit, references as references), the contents of every array (deep for arrays
 * of arrays), the elements of lists and entries of maps, and the state of each {@link Random}
 * (seed and held-back Gaussian; see {@link RandomSnapshot} for how, with and without {@code
 * java.util} opened). {@link #restore} writes all of it back: first field values, list and map
 * contents and the contents of reference arrays, so a field the step pointed at a new array points
 * at the old one again; then the contents of primitive arrays; then the generators. A snapshot can
 * be restored any number of times, each time exactly.
 *
 * <p>Copies are {@code clone()}s of primitive arrays and restores are {@code System.arraycopy}:
 * nothing is boxed. What cannot be captured or restored (a JDK object other than a list, map or
 * {@code Random}, a field in a module that is not open) is listed in {@link #limitations()}.
 */
public final class ModelState {

  private final List<DiscoveredTensor> tensors;
  private final Map<String, TensorView> frozen;
  private final List<Copy> referenceCopies;
  private final List<Copy> contentCopies;
  private final List<String> limitations;
  private final long copiedValues;

  private ModelState(
      List<DiscoveredTensor> tensors,
      Map<String, TensorView> frozen,
      List<Copy> referenceCopies,
      List<Copy> contentCopies,
      List<String> limitations,
      long copiedValues) {
    this.tensors = tensors;
    this.frozen = frozen;
    this.referenceCopies = referenceCopies;
    this.contentCopies = contentCopies;
    this.limitations = limitations;
    this.copiedValues = copiedValues;
  }

  /**
   * Captures everything reachable from one or more roots (a model object, or a {@link Class} for
   * its static fields).
   */
  public static ModelState capture(Object root, Object... moreRoots) {
    List<Object> roots = new ArrayList<>();
    roots.add(root);
    roots.addAll(Arrays.asList(moreRoots));
    return capture(new ModelInspector(), roots);
  }

  /** Captures with the walk settings of an inspector. */
  public static ModelState capture(ModelInspector inspector, List<?> roots) {
    ObjectGraph graph = inspector.walk(roots);
    Set<String> limitations = new LinkedHashSet<>(graph.limitations());
    List<Copy> references = new ArrayList<>();
    List<Copy> contents = new ArrayList<>();
    IdentityHashMap<Object, Object> arrayCopies = new IdentityHashMap<>();
    long values = 0;
    for (ObjectGraph.Node node : graph.nodes()) {
      Object value = node.value();
      switch (node.kind()) {
        case STATICS -> references.add(FieldsCopy.of(null, (Class<?>) value, true, limitations));
        case INSTANCE -> references.add(
            FieldsCopy.of(value, value.getClass(), false, limitations));
        case LIST -> references.add(new ListCopy((List<?>) value, node.path()));
        case MAP -> references.add(new MapCopy((Map<?, ?>) value, node.path()));
        case RANDOM -> {
          RandomSnapshot snapshot = RandomSnapshot.capture((Random) value);
          if (snapshot.limitation() != null) {
            limitations.add(node.path() + ": " + snapshot.limitation());
          }
          contents.add(new RandomCopy((Random) value, snapshot));
        }
        case ARRAY -> {
          Object copy = cloneArray(value);
          arrayCopies.put(value, copy);
          values += ObjectGraph.length(value);
          (value instanceof Object[] ? references : contents).add(new ArrayCopy(value, copy));
        }
        default -> throw new IllegalStateException("unknown node kind " + node.kind());
      }
    }
    List<DiscoveredTensor> tensors = ModelInspector.tensorsOf(graph);
    Map<String, TensorView> frozen = new LinkedHashMap<>();
    for (DiscoveredTensor tensor : tensors) {
      frozen.put(tensor.name(), frozenView(tensor.view(), arrayCopies));
    }
    return new ModelState(
        List.copyOf(tensors),
        frozen,
        references,
        contents,
        List.copyOf(limitations),
        values);
  }

  /** Puts every captured value back into the objects it was captured from. */
  public void restore() {
    for (Copy copy : referenceCopies) {
      copy.restore();
    }
    for (Copy copy : contentCopies) {
      copy.restore();
    }
  }

  /**
   * Whether a {@link Random} captured here has drawn numbers since: a training step that did drew
   * them for itself (dropout masks, noise, a shuffle), so its update is a random variable around
   * the gradient, not the gradient. A generator whose state cannot be read counts as unchanged.
   */
  public boolean randomsAdvanced() {
    for (Copy copy : contentCopies) {
      if (copy instanceof RandomCopy r && r.snapshot().limitation() == null) {
        RandomSnapshot now = RandomSnapshot.capture(r.random());
        if (now.limitation() == null
            && (now.seed() != r.snapshot().seed()
                || now.haveNextNextGaussian() != r.snapshot().haveNextNextGaussian())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The tensors found at capture time, with live views over the captured objects. */
  public List<DiscoveredTensor> tensors() {
    return tensors;
  }

  /** The tensor a user's name refers to (full name, path or dotted tail), if any. */
  public Optional<DiscoveredTensor> tensor(String name) {
    for (DiscoveredTensor tensor : tensors) {
      if (tensor.name().equals(name)) {
        return Optional.of(tensor);
      }
    }
    return tensors.stream().filter(t -> t.isNamed(name)).findFirst();
  }

  /** A tensor's values as captured, row-major; empty when there is no such tensor. */
  public Optional<double[]> values(String name) {
    return tensor(name).map(t -> frozen.get(t.name()).toArray());
  }

  /**
   * Per tensor, what changed from this state to a later one: Δθ = later − this. Tensors are matched
   * by name; one missing from either state, or whose shape changed, is left out. The deltas'
   * tensors are this state's (views over the objects as they were here).
   */
  public List<TensorDelta> diff(ModelState later) {
    List<TensorDelta> deltas = new ArrayList<>();
    for (DiscoveredTensor tensor : tensors) {
      TensorView before = frozen.get(tensor.name());
      TensorView after = later.frozen.get(tensor.name());
      if (after == null || !Arrays.equals(before.shape(), after.shape())) {
        continue;
      }
      double[] delta = new double[before.size()];
      boolean changed = false;
      for (int i = 0; i < delta.length; i++) {
        double b = before.get(i);
        double a = after.get(i);
        delta[i] = a - b;
        changed |= Double.doubleToLongBits(a) != Double.doubleToLongBits(b);
      }
      deltas.add(new TensorDelta(tensor, delta, changed));
    }
    return deltas;
  }

  /** What this snapshot could not capture or will not restore exactly, one sentence each. */
  public List<String> limitations() {
    return limitations;
  }

  /** Number of array elements copied (primitive values and references). */
  public long copiedValues() {
    return copiedValues;
  }

  private static Object cloneArray(Object array) {
    if (array instanceof double[] a) {
      return a.clone();
    } else if (array instanceof float[] a) {
      return a.clone();
    } else if (array instanceof int[] a) {
      return a.clone();
    } else if (array instanceof long[] a) {
      return a.clone();
    } else if (array instanceof Object[] a) {
      return a.clone();
    } else if (array instanceof boolean[] a) {
      return a.clone();
    } else if (array instanceof byte[] a) {
      return a.clone();
    } else if (array instanceof short[] a) {
      return a.clone();
    } else if (array instanceof char[] a) {
      return a.clone();
    }
    throw new IllegalArgumentException("not an array: " + array.getClass().getName());
  }

  /** A view with the tensor's shape over the captured copies instead of the live arrays. */
  private static TensorView frozenView(TensorView live, IdentityHashMap<Object, Object> copies) {
    Object target = live.target();
    int[] shape = live.shape();
    if (target instanceof double[] data) {
      double[] copy = copyOf(copies, data);
      return shape.length == 1 ? TensorView.of(copy) : TensorView.flat(copy, 0, shape);
    }
    if (target instanceof float[] data) {
      float[] copy = copyOf(copies, data);
      return shape.length == 1 ? TensorView.of(copy) : TensorView.flat(copy, 0, shape);
    }
    if (target instanceof double[][] rows) {
      double[][] copy = new double[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        copy[i] = copyOf(copies, rows[i]);
      }
      return TensorView.of(copy);
    }
    if (target instanceof float[][] rows) {
      float[][] copy = new float[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        copy[i] = copyOf(copies, rows[i]);
      }
      return TensorView.of(copy);
    }
    throw new IllegalStateException("unexpected tensor storage " + live.storage());
  }

  /** The copy the capture made of an array (a fresh one if the walk did not reach it). */
  @SuppressWarnings("unchecked")
  private static <T> T copyOf(IdentityHashMap<Object, Object> copies, T array) {
    Object copy = copies.get(array);
    return (T) (copy != null ? copy : cloneArray(array));
  }

  /** One captured piece of state that knows how to put itself back. */
  private interface Copy {
    void restore();
  }

  /** The fields of one object (or the static fields of one class). */
  private static final class FieldsCopy implements Copy {
    private final Object target;
    private final List<FieldLayout.Slot> slots;
    private final long[] bits;
    private final Object[] references;

    private FieldsCopy(Object target, List<FieldLayout.Slot> slots) {
      this.target = target;
      this.slots = slots;
      this.bits = new long[slots.size()];
      this.references = new Object[slots.size()];
      for (int i = 0; i < slots.size(); i++) {
        FieldLayout.Slot slot = slots.get(i);
        if (slot.primitive()) {
          bits[i] = slot.readBits(target);
        } else {
          references[i] = slot.get(target);
        }
      }
    }

    static FieldsCopy of(Object target, Class<?> type, boolean statics, Set<String> limitations) {
      FieldLayout layout =
          statics
              ? FieldLayout.ofStatics(type, limitations)
              : FieldLayout.ofInstances(type, limitations);
      return new FieldsCopy(target, layout.slots());
    }

    @Override
    public void restore() {
      for (int i = 0; i < slots.size(); i++) {
        FieldLayout.Slot slot = slots.get(i);
        if (slot.primitive()) {
          if (slot.readBits(target) != bits[i]) {
            requireSettable(slot);
            slot.writeBits(target, bits[i]);
          }
        } else if (slot.get(target) != references[i]) {
          requireSettable(slot);
          slot.set(target, references[i]);
        }
      }
    }

    private static void requireSettable(FieldLayout.Slot slot) {
      if (!slot.settable()) {
        throw new IllegalStateException(
            "cannot restore " + slot.field().getDeclaringClass().getName() + "." + slot.name()
                + ": it is final and changed after the snapshot");
      }
    }
  }

  /** The contents of one array, primitive or not. */
  private record ArrayCopy(Object array, Object copy) implements Copy {
    @Override
    public void restore() {
      System.arraycopy(copy, 0, array, 0, ObjectGraph.length(copy));
    }
  }

  /** The elements of one list. */
  private static final class ListCopy implements Copy {
    private final List<Object> list;
    private final Object[] elements;
    private final String path;

    @SuppressWarnings("unchecked")
    ListCopy(List<?> list, String path) {
      this.list = (List<Object>) list;
      this.elements = list.toArray();
      this.path = path;
    }

    @Override
    public void restore() {
      if (unchanged()) {
        return;
      }
      try {
        if (list.size() == elements.length) {
          for (int i = 0; i < elements.length; i++) {
            list.set(i, elements[i]);
          }
        } else {
          list.clear();
          list.addAll(Arrays.asList(elements));
        }
      } catch (UnsupportedOperationException e) {
        throw new IllegalStateException("cannot restore " + path + ": the list is unmodifiable", e);
      }
    }

    private boolean unchanged() {
      if (list.size() != elements.length) {
        return false;
      }
      int i = 0;
      for (Object element : list) {
        if (element != elements[i++]) {
          return false;
        }
      }
      return true;
    }
  }

  /** The entries of one map, in its iteration order. */
  private static final class MapCopy implements Copy {
    private final Map<Object, Object> map;
    private final Object[] keys;
    private final Object[] values;
    private final String path;

    @SuppressWarnings("unchecked")
    MapCopy(Map<?, ?> map, String path) {
      this.map = (Map<Object, Object>) map;
      this.keys = new Object[map.size()];
      this.values = new Object[map.size()];
      int i = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        keys[i] = entry.getKey();
        values[i++] = entry.getValue();
      }
      this.path = path;
    }

    @Override
    public void restore() {
      if (unchanged()) {
        return;
      }
      try {
        map.clear();
        for (int i = 0; i < keys.length; i++) {
          map.put(keys[i], values[i]);
        }
      } catch (UnsupportedOperationException e) {
        throw new IllegalStateException("cannot restore " + path + ": the map is unmodifiable", e);
      }
    }

    private boolean unchanged() {
      if (map.size() != keys.length) {
        return false;
      }
      int i = 0;
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        if (entry.getKey() != keys[i] || entry.getValue() != values[i]) {
          return false;
        }
        i++;
      }
      return true;
    }
  }

  /** The state of one generator. */
  private record RandomCopy(Random random, RandomSnapshot snapshot) implements Copy {
    @Override
    public void restore() {
      // With a limitation the snapshot holds either no state at all (nothing to write back) or an
      // exact seed whose held-back Gaussian is lost (the seed is still worth writing back).
      if (snapshot.limitation() == null || snapshot.haveNextNextGaussian()) {
        snapshot.restore(random);
      }
    }
  }
}
