package dev.backprobe.model;

import dev.backprobe.tensor.TensorView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the tensors a model holds by reflection, whatever the trainer calls them and however it
 * stores them.
 *
 * <p>From a root object (or a {@link Class}, for its static fields) it follows every field into
 * arrays, {@link java.util.List}s, {@link java.util.Map} values and the trainer's own objects (layers,
 * neurons…), recursively, each object once and at most {@link #DEFAULT_MAX_DEPTH} references deep.
 * It reports:
 *
 * <ul>
 *   <li>every {@code double[]}, {@code float[]}, rectangular {@code double[][]} and {@code
 *       float[][]} ({@code pkg.Net.w2}); the rows of a ragged matrix one by one ({@code
 *       pkg.Net.biases[1]}); arrays and lists of those ({@code pkg.Net.layers[0].weights});
 *   <li>a matrix object: an object of the trainer's whose only array is one {@code double[]}/{@code
 *       float[]} (shaped by the first pair of its {@code int} fields whose product is the length,
 *       such as {@code rows}×{@code cols}) or one {@code double[][]}/{@code float[][]}, and that
 *       holds no other arrays or objects. It is named after the field that holds it ({@code
 *       pkg.Net.w1}, not {@code pkg.Net.w1.data}): that is the name the trainer's code uses.
 * </ul>
 *
 * <p>It never descends into JDK objects other than lists, maps and arrays, skips synthetic fields
 * (an inner class's {@code this$0}) and primitive constants, and does not guess which tensors are
 * trainable from their names: a parameter is a tensor the step changes, which {@link
 * #changedBetween} tells from two snapshots.
 */
public final class ModelInspector {

  /**
   * How many references deep the walk goes: net → list of layers → layer → matrix object → rows is
   * five; sixteen leaves room for deeper home-made structures while stopping a walk that wandered
   * into a linked data structure (a data set kept as a linked list).
   */
  public static final int DEFAULT_MAX_DEPTH = 16;

  private final int maxDepth;

  public ModelInspector() {
    this(DEFAULT_MAX_DEPTH);
  }

  public ModelInspector(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
    this.maxDepth = maxDepth;
  }

  public int maxDepth() {
    return maxDepth;
  }

  /**
   * The tensors reachable from a model, in the order the walk meets them (fields in declaration
   * order, superclass fields first).
   *
   * @param root the model object, or a {@link Class} whose static fields hold the model
   */
  public List<DiscoveredTensor> parameters(Object root) {
    return tensorsOf(walk(Collections.singletonList(root)));
  }

  /**
   * The tensors a step changed, with their views over the "before" objects: what a gradient check
   * perturbs after {@code before.restore()}. A tensor counts as changed when any value differs
   * bitwise; one that exists in only one of the states is left out.
   */
  public static List<DiscoveredTensor> changedBetween(ModelState before, ModelState after) {
    List<DiscoveredTensor> changed = new ArrayList<>();
    for (TensorDelta delta : before.diff(after)) {
      if (delta.changed()) {
        changed.add(delta.tensor());
      }
    }
    return changed;
  }

  ObjectGraph walk(List<?> roots) {
    for (Object root : roots) {
      if (root == null) {
        throw new IllegalArgumentException("the model is null");
      }
    }
    return ObjectGraph.walk(roots, maxDepth);
  }

  /** The tensors among the nodes of a walk. */
  static List<DiscoveredTensor> tensorsOf(ObjectGraph graph) {
    List<DiscoveredTensor> tensors = new ArrayList<>();
    Set<Object> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ObjectGraph.Node node : graph.nodes()) {
      if (consumed.contains(node.value())) {
        continue;
      }
      if (node.kind() == ObjectGraph.Kind.INSTANCE && node.parent() != null) {
        // The root itself is never collapsed into a matrix: its fields are what the user named.
        MatrixObject matrix = MatrixObject.recognise(node.value());
        if (matrix != null) {
          tensors.add(tensor(node, matrix.view(), node.value().getClass().getName()));
          consume(matrix.view().target(), consumed);
        }
      } else if (node.kind() == ObjectGraph.Kind.ARRAY) {
        Object array = node.value();
        if (isViewable(array)) {
          TensorView view = TensorView.of(array);
          tensors.add(tensor(node, view, view.storage()));
          consume(array, consumed);
        }
      }
    }
    return tensors;
  }

  /** A non-empty array that {@link TensorView#of} accepts. */
  static boolean isViewable(Object array) {
    return TensorView.supports(array) && TensorView.of(array).size() > 0;
  }

  private static void consume(Object array, Set<Object> consumed) {
    consumed.add(array);
    if (array instanceof Object[] rows) {
      Collections.addAll(consumed, rows);
    }
  }

  private static DiscoveredTensor tensor(ObjectGraph.Node node, TensorView view, String storage) {
    String name = node.path();
    ObjectGraph.Node root = node;
    while (root.parent() != null) {
      root = root.parent();
    }
    String rootName = root.path();
    String path = name.startsWith(rootName + ".") ? name.substring(rootName.length() + 1) : name;
    return new DiscoveredTensor(name, path, view, node.owner(), node.field(), storage);
  }
}
