package dev.backprobe.model;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One walk over everything a model holds, shared by {@link ModelInspector} (which finds tensors in
 * it) and {@link ModelState} (which copies it), so that both always see the same objects.
 *
 * <p>The walk starts at the roots (an object, or a {@link Class} for its static fields), follows
 * every non-synthetic field, descends into arrays, {@link List}s and {@link Map} values, and into
 * objects of the trainer's own classes; it never descends into other JDK objects (they are kept by
 * reference), visits each object once (so cycles end), and stops at a depth limit. Each distinct
 * object becomes one {@link Node}, in depth-first order, named by the first path that reached it.
 */
final class ObjectGraph {

  /** What a node is, which decides how it is copied and whether it can be a tensor. */
  enum Kind {
    /** A class whose static fields are part of the model. */
    STATICS,
    /** An object of one of the trainer's classes: its fields are walked. */
    INSTANCE,
    /** Any array, primitive or not. */
    ARRAY,
    /** A {@link List}: its elements are walked. */
    LIST,
    /** A {@link Map}: its values are walked (keys are kept by reference). */
    MAP,
    /** A {@link Random}: its seed and cached Gaussian are part of the state. */
    RANDOM
  }

  /**
   * One distinct object reached by the walk.
   *
   * @param kind what it is
   * @param value the object itself (the {@link Class} for {@link Kind#STATICS})
   * @param path the first path that reached it, e.g. {@code pkg.Net.layers[0].weights}
   * @param depth number of references followed from the root
   * @param parent the node that reached it, or null for a root
   * @param owner the trainer object whose field leads to it (through lists and arrays), or null for
   *     static fields and roots
   * @param field that field, or null for roots
   */
  record Node(
      Kind kind, Object value, String path, int depth, Node parent, Object owner, Field field) {}

  /** Packages whose objects are kept by reference and never walked into. */
  private static final String[] JDK_PREFIXES = {
    "java.", "javax.", "jdk.", "sun.", "com.sun."
  };

  /**
   * JDK types that hold no model state worth restoring (immutable values, I/O, text): kept by
   * reference without a limitation being reported.
   */
  private static final Set<Class<?>> INERT_TYPES =
      Set.of(
          String.class, Integer.class, Long.class, Double.class, Float.class, Short.class,
          Byte.class, Character.class, Boolean.class, Class.class, Thread.class, Object.class,
          java.util.Locale.class, java.util.Optional.class, java.util.Scanner.class);

  /** Packages of JDK types that are inert in the same sense. */
  private static final String[] INERT_PACKAGES = {
    "java.math.", "java.time.", "java.io.", "java.nio.", "java.text.", "java.util.regex.",
    "java.util.logging.", "java.lang.invoke.", "java.lang.reflect."
  };

  private final int maxDepth;
  private final List<Node> nodes = new ArrayList<>();
  private final Set<String> limitations = new LinkedHashSet<>();
  private final IdentityHashMap<Object, Node> seen = new IdentityHashMap<>();

  private ObjectGraph(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Walks from each root in turn; an object reached from two roots is visited once. */
  static ObjectGraph walk(List<?> roots, int maxDepth) {
    ObjectGraph graph = new ObjectGraph(maxDepth);
    for (Object root : roots) {
      if (root instanceof Class<?> type) {
        graph.visitStatics(type);
      } else if (root != null) {
        graph.visit(root, root.getClass().getName(), 0, null, null, null);
      }
    }
    return graph;
  }

  List<Node> nodes() {
    return nodes;
  }

  /** What the walk could not see or will not be able to restore, one sentence each. */
  List<String> limitations() {
    return List.copyOf(limitations);
  }

  /** The node of an object the walk reached, or null. */
  Node nodeOf(Object value) {
    return seen.get(value);
  }

  private void visitStatics(Class<?> type) {
    if (seen.containsKey(type)) {
      return;
    }
    Node node = add(Kind.STATICS, type, type.getName(), 0, null, null, null);
    for (FieldLayout.Slot slot : FieldLayout.ofStatics(type, limitations).slots()) {
      if (!slot.primitive()) {
        visit(slot.get(null), type.getName() + "." + slot.name(), 1, node, null, slot.field());
      }
    }
  }

  private void visit(Object value, String path, int depth, Node parent, Object owner, Field field) {
    if (value == null || seen.containsKey(value)) {
      return;
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      if (!withinDepth(path, depth)) {
        return;
      }
      Node node = add(Kind.ARRAY, value, path, depth, parent, owner, field);
      if (value instanceof Object[] elements) {
        for (int i = 0; i < elements.length; i++) {
          visit(elements[i], path + "[" + i + "]", depth + 1, node, owner, field);
        }
      }
      return;
    }
    if (value instanceof Random random) {
      visitRandom(random, path, depth, parent, owner, field);
      return;
    }
    if (value instanceof List<?> list) {
      if (!withinDepth(path, depth)) {
        return;
      }
      Node node = add(Kind.LIST, value, path, depth, parent, owner, field);
      Object[] elements = list.toArray();
      for (int i = 0; i < elements.length; i++) {
        visit(elements[i], path + "[" + i + "]", depth + 1, node, owner, field);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      if (!withinDepth(path, depth)) {
        return;
      }
      Node node = add(Kind.MAP, value, path, depth, parent, owner, field);
      for (Map.Entry<?, ?> entry : List.copyOf(map.entrySet())) {
        visit(entry.getValue(), path + "[" + entry.getKey() + "]", depth + 1, node, owner, field);
      }
      return;
    }
    if (isJdk(type) || type.isEnum() || type.isHidden() || type.isSynthetic()) {
      noteOpaque(type, path);
      return;
    }
    if (!withinDepth(path, depth)) {
      return;
    }
    visitInstance(value, path, depth, parent, owner, field);
  }

  private void visitRandom(
      Random random, String path, int depth, Node parent, Object owner, Field field) {
    Class<?> type = random.getClass();
    if (type != Random.class && isJdk(type)) {
      // SecureRandom, ThreadLocalRandom…: their state is not in java.util.Random's fields.
      limitations.add(
          "the state of " + path + " (" + type.getName() + ") is not captured: only"
              + " java.util.Random and the trainer's own subclasses of it are");
      seen.put(random, null);
      return;
    }
    add(Kind.RANDOM, random, path, depth, parent, owner, field);
    if (type != Random.class) {
      // A trainer's own subclass: its own fields are state too.
      seen.remove(random);
      visitInstance(random, path, depth, parent, owner, field);
    }
  }

  private void visitInstance(
      Object value, String path, int depth, Node parent, Object owner, Field field) {
    Node node = add(Kind.INSTANCE, value, path, depth, parent, owner, field);
    for (FieldLayout.Slot slot : FieldLayout.ofInstances(value.getClass(), limitations).slots()) {
      if (!slot.primitive()) {
        visit(slot.get(value), path + "." + slot.name(), depth + 1, node, value, slot.field());
      }
    }
  }

  private boolean withinDepth(String path, int depth) {
    if (depth <= maxDepth) {
      return true;
    }
    limitations.add(
        "the walk stopped at " + path + ": deeper than " + maxDepth + " references from the model");
    return false;
  }

  private Node add(
      Kind kind, Object value, String path, int depth, Node parent, Object owner, Field field) {
    Node node = new Node(kind, value, path, depth, parent, owner, field);
    if (seen.put(value, node) == null) {
      nodes.add(node);
    }
    return node;
  }

  private void noteOpaque(Class<?> type, String path) {
    if (type.isEnum() || type.isHidden() || type.isSynthetic() || isInert(type)) {
      return;
    }
    limitations.add(
        path + " (" + type.getName() + ") is kept by reference only: its contents are neither"
            + " searched for tensors nor snapshotted");
  }

  static boolean isJdk(Class<?> type) {
    String name = type.getName();
    for (String prefix : JDK_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInert(Class<?> type) {
    if (INERT_TYPES.contains(type)) {
      return true;
    }
    String name = type.getName();
    for (String prefix : INERT_PACKAGES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return Record.class.isAssignableFrom(type) || type.isPrimitive();
  }

  /** Length of any array, for messages. */
  static int length(Object array) {
    return Array.getLength(array);
  }
}
