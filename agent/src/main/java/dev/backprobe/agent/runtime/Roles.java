package dev.backprobe.agent.runtime;

import dev.backprobe.probe.ActivationKind;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.trace.TensorRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labels the arrays (and matrix objects, see {@link Tensors}) of a captured step: INPUT and TARGET
 * are the step's (or the loss's) array arguments; ACTIVATION is what a probed activation returned, or an array whose values are an
 * elementwise activation of another array of the same shape (scalar activations called in loops);
 * PRE_ACTIVATION is that other array; OUTPUT is the last activation before the loss was called
 * that can be what the loss compares with the target (see {@link #output}): a tanh hidden layer
 * followed by a linear output layer is not the output, and a linear output has no activation to
 * judge, so no array is the OUTPUT then.
 */
final class Roles {

  /**
   * What an activation written inline ({@code a[j] = Math.tanh(z[j])}, {@code 1 / (1 +
   * Math.exp(-z[j]))}, {@code Math.max(0, z[j])}: no function of the trainer's to probe) is
   * recognised as, by comparing an array with the reference f of another array of its shape. The
   * leaky ReLU is left out: its slope is a parameter, and 0.01·g of a gradient would pass for one.
   */
  static final List<ActivationKind> INLINE_KINDS =
      List.of(ActivationKind.SIGMOID, ActivationKind.TANH, ActivationKind.RELU);

  /**
   * Relative difference allowed between an array's value and the reference f(z) in double
   * precision: 1e-12. The trainer's formula is not ours (e^z / (1 + e^z) for 1 / (1 + e^−z)), so the
   * last few bits may differ, never more; an unrelated pair of arrays differs at the first digits.
   */
  static final double INLINE_TOLERANCE = 1e-12;

  /** The same in single precision: 1e-6, a few float ulps. */
  static final double INLINE_TOLERANCE_FLOAT = 1e-6;

  /**
   * Coordinates compared for an inline activation: 64, more than for a probed function's image
   * ({@link #PAIRING_SAMPLES}), since the reference is ours, not the trainer's: a match must
   * stand on many values, not on a few that happen to agree.
   */
  static final int INLINE_SAMPLES = 64;

  /**
   * How far from its asymptotes a sigmoid or tanh value must be to tell the kind: 1e-6. An array
   * of zeros is the sigmoid of any very negative array (a saturated layer's vanished gradient next
   * to exploded weights, seed 001), so at least one compared value must lie inside the range.
   */
  static final double INLINE_INTERIOR = 1e-6;

  /** Coordinates compared when testing whether one array is an activation of another. */
  static final int PAIRING_SAMPLES = 16;

  /**
   * Values of an array that must be images f(x) of a scalar activation's sampled arguments for the
   * array to be taken as computed by f in a fused loop ({@code h[j] = sigmoid(Σ w·x)}, no array
   * holding the Σ): 3, or every value the array holds when it holds fewer. Only distinctive images
   * count (see {@link #distinctive}); the chance that an unrelated array holds even one of them
   * bit for bit is nil, so the count guards against little more than a single copied value.
   */
  static final int FUSED_MATCHES = 3;

  private final Map<Object, TensorRole> roles = new IdentityHashMap<>();
  private final Map<Object, ActivationKind> kinds = new IdentityHashMap<>();
  private int batch;

  TensorRole role(StepCapture.Seen s) {
    return roles.getOrDefault(s.array, TensorRole.INTERMEDIATE);
  }

  ActivationKind kind(StepCapture.Seen s) {
    return kinds.get(s.array);
  }

  int batch() {
    return batch;
  }

  String fallbackName(StepCapture.Seen s, StepCapture c) {
    String owner = c.frame.method.qualifiedName();
    return owner + ":" + role(s).name().toLowerCase(java.util.Locale.ROOT) + s.order;
  }

  static Roles assign(StepCapture c, Functions functions, Invoker invoker) {
    Roles r = new Roles();
    List<Object> inputs = arrayArgs(c.frame.args);
    Object target = null;
    if (!inputs.isEmpty()) {
      r.roles.put(inputs.get(0), TensorRole.INPUT);
      int[] shape = Tensors.view(inputs.get(0)).shape();
      r.batch = shape.length == 2 ? shape[0] : 0;
      if (inputs.size() >= 2) {
        target = inputs.get(inputs.size() - 1);
        r.roles.put(target, TensorRole.TARGET);
      }
    }
    List<StepCapture.Seen> ordered = c.inOrder();
    for (StepCapture.Seen s : ordered) {
      ActivationKind kind = producerKind(s, functions);
      if (kind != null) {
        r.roles.put(s.array, TensorRole.ACTIVATION);
        r.kinds.put(s.array, kind);
      }
      for (int to : s.passedTo) {
        if (functions.activation(to) != null && !r.roles.containsKey(s.array)) {
          r.roles.put(s.array, TensorRole.PRE_ACTIVATION);
        }
      }
    }
    pairScalarActivations(r, ordered, functions);
    pairFusedActivations(r, ordered, c, functions);
    pairInlineActivations(r, ordered, functions);
    StepCapture.Seen output = output(r, ordered, c.lossCallOrder, target);
    if (output != null) {
      r.roles.put(output.array, TensorRole.OUTPUT);
    }
    return r;
  }

  /**
   * The activation computed by the first of the methods that returned the array to have one: a
   * {@code m.sigmoid()} that returns what {@code m.map(f)} made is seen as a sigmoid.
   */
  private static ActivationKind producerKind(StepCapture.Seen s, Functions functions) {
    for (int producer : s.producers) {
      ActivationKind kind = functions.activation(producer);
      if (kind != null) {
        return kind;
      }
    }
    return null;
  }

  /**
   * The network's output among the activations, in the order they appeared: the last one before
   * the loss call, among those {@link #comparableWithTarget comparable with the target}. When the
   * loss is not called inside the step, the backward pass is recorded too and comes after the
   * output (its arrays can look like activations: 0.01·g is a leaky ReLU of g); with a target
   * known, the output is then the first comparable activation.
   */
  private static StepCapture.Seen output(
      Roles r, List<StepCapture.Seen> ordered, int lossCallOrder, Object target) {
    StepCapture.Seen output = null;
    for (StepCapture.Seen s : ordered) {
      boolean beforeLoss = lossCallOrder < 0 || s.order < lossCallOrder;
      if (r.roles.get(s.array) == TensorRole.ACTIVATION
          && beforeLoss
          && comparableWithTarget(s.array, target)) {
        output = s;
        if (lossCallOrder < 0 && target != null) {
          break;
        }
      }
    }
    return output;
  }

  /**
   * Whether an array can be the network's output for these targets: the loss compares output and
   * target element by element, so they hold as many values (the layout may differ: [k][n] against
   * [n][k]). A hidden activation of another width, followed by a linear layer, fails this. With
   * no target array known there is nothing to compare, and the array may be the output.
   */
  static boolean comparableWithTarget(Object array, Object target) {
    return target == null || Tensors.view(array).size() == Tensors.view(target).size();
  }

  private static List<Object> arrayArgs(Object[] args) {
    List<Object> arrays = new ArrayList<>();
    if (args != null) {
      for (Object a : args) {
        if (Tensors.supports(a)) {
          arrays.add(a);
        }
      }
    }
    return arrays;
  }

  /** a = f(z) elementwise for a probed scalar activation f: a is an activation, z its input. */
  private static void pairScalarActivations(
      Roles r, List<StepCapture.Seen> ordered, Functions functions) {
    Map<Integer, ActivationKind> scalar = functions.scalarActivations();
    if (scalar.isEmpty()) {
      return;
    }
    pairByValue(
        r,
        ordered,
        (av, zv) -> {
          for (Map.Entry<Integer, ActivationKind> f : scalar.entrySet()) {
            if (isImage(av, zv, f.getKey(), f.getValue(), functions)) {
              return f.getValue();
            }
          }
          return null;
        });
  }

  /**
   * Pairs each array still without a role with the first array of its shape, seen before it or
   * named, that it is an activation of ({@code kindOf(a, z)} not null): a becomes an ACTIVATION of
   * that kind, z its PRE_ACTIVATION.
   *
   * @return the kinds paired, in the order found
   */
  private static List<ActivationKind> pairByValue(
      Roles r,
      List<StepCapture.Seen> ordered,
      java.util.function.BiFunction<TensorView, TensorView, ActivationKind> kindOf) {
    List<ActivationKind> paired = new ArrayList<>();
    List<TensorView> views = new ArrayList<>(ordered.size()); // one view per array, not per pair
    for (StepCapture.Seen s : ordered) {
      views.add(Tensors.view(s.array));
    }
    for (int i = 0; i < ordered.size(); i++) {
      StepCapture.Seen a = ordered.get(i);
      if (r.roles.containsKey(a.array)) {
        continue;
      }
      TensorView av = views.get(i);
      for (int k = 0; k < ordered.size(); k++) {
        StepCapture.Seen z = ordered.get(k);
        if (z == a || z.order > a.order && z.name == null) {
          continue;
        }
        TensorView zv = views.get(k);
        if (zv.size() != av.size() || zv.size() == 0
            || !java.util.Arrays.equals(zv.shape(), av.shape())) {
          continue;
        }
        ActivationKind kind = kindOf.apply(av, zv);
        if (kind != null) {
          r.roles.put(a.array, TensorRole.ACTIVATION);
          r.kinds.put(a.array, kind);
          r.roles.putIfAbsent(z.array, TensorRole.PRE_ACTIVATION);
          paired.add(kind);
          break;
        }
      }
    }
    return paired;
  }

  /**
   * h = f(Σ…) computed in the loop that calls f, with no array holding its input: the step's
   * sampled arguments x of the probed scalar activation f (see {@link ScalarSamples}) are mapped
   * through f, and an array still without a role that holds enough of those images f(x), bit for
   * bit, and no value outside f's range, is an activation of that kind. Identity and unknown
   * kinds say nothing about an array.
   */
  private static void pairFusedActivations(
      Roles r, List<StepCapture.Seen> ordered, StepCapture c, Functions functions) {
    for (Map.Entry<Integer, ActivationKind> f : functions.scalarActivations().entrySet()) {
      ActivationKind kind = f.getValue();
      if (kind == ActivationKind.IDENTITY || kind == ActivationKind.UNKNOWN) {
        continue;
      }
      Set<Long> images = images(f.getKey(), kind, c.samples(f.getKey()), functions);
      if (images.isEmpty()) {
        continue;
      }
      for (StepCapture.Seen a : ordered) {
        if (!r.roles.containsKey(a.array) && holdsImages(Tensors.view(a.array), images, kind)) {
          r.roles.put(a.array, TensorRole.ACTIVATION);
          r.kinds.put(a.array, kind);
        }
      }
    }
  }

  /** The distinctive values f(x) of the sampled arguments, as bits; empty when f fails. */
  private static Set<Long> images(
      int function, ActivationKind kind, double[] arguments, Functions functions) {
    boolean boundedBelow = kind.lowerBound() > Double.NEGATIVE_INFINITY;
    Set<Long> images = new HashSet<>();
    try {
      Quiet.call(
          () -> {
            for (double x : arguments) {
              double y = functions.apply(function, x);
              // an image equal to its argument (a ReLU's positive part) is also held by an array
              // holding the input; it counts only for a kind whose range is bounded below, where
              // holdsImages rejects an array holding values out of the range (negative inputs)
              // a saturated image (σ = 5e-173) is also what an error times a vanished derivative
              // holds, bit for bit (seed 001's oAdjustments): only images inside the range count
              if (distinctive(y) && (y != x || boundedBelow) && insideTheRange(kind, y)) {
                images.add(Double.doubleToLongBits(y));
              }
            }
            return null;
          });
    } catch (Exception e) {
      images.clear(); // a function that throws on its own arguments: no pairing from it
    }
    return images;
  }

  /** Whether a sigmoid or tanh value lies away from its asymptotes (other kinds: always). */
  static boolean insideTheRange(ActivationKind kind, double y) {
    return switch (kind) {
      case SIGMOID -> y > INLINE_INTERIOR && y < 1 - INLINE_INTERIOR;
      case TANH -> Math.abs(y) < 1 - INLINE_INTERIOR;
      default -> true;
    };
  }

  /**
   * Whether a value identifies the call that made it: not 0 or ±1, which a ReLU, a saturated
   * sigmoid or tanh, and countless unrelated arrays (masks, one-hot targets, initial biases) hold
   * alike, and finite.
   */
  static boolean distinctive(double y) {
    return Double.isFinite(y) && y != 0 && Math.abs(y) != 1;
  }

  private static boolean holdsImages(
      TensorView a, Set<Long> images, ActivationKind kind) {
    int n = Math.min(a.size(), Functions.FEED_SET_VALUES);
    int found = 0;
    int candidates = 0;
    for (int i = 0; i < n; i++) {
      double v = a.get(i);
      if (v < kind.lowerBound() || v > kind.upperBound()) {
        return false; // f never returns it: the array holds something else (a ReLU's input)
      }
      if (!distinctive(v)) {
        continue;
      }
      candidates++;
      if (images.contains(Double.doubleToLongBits(v))) {
        found++;
      }
    }
    // every value is read first: one out of f's range anywhere rules the array out
    return found >= FUSED_MATCHES || found > 0 && found == candidates;
  }

  /**
   * a = f(z) elementwise for an activation written inline (see {@link #INLINE_KINDS}): a is an
   * activation of that kind and z its input, as for a probed function; the kind is also reported
   * to {@link Functions}, so that the trainer's derivative functions are checked against it.
   */
  private static void pairInlineActivations(
      Roles r, List<StepCapture.Seen> ordered, Functions functions) {
    pairByValue(r, ordered, Roles::inlineKind).forEach(functions::inlineActivationSeen);
  }

  /**
   * The inline kind f with a = f(z) on the sampled coordinates, or null. The sample must show the
   * kind's shape: a ReLU both its pieces (some z &gt; 0 passed, some z &lt; 0 zeroed), a sigmoid or
   * tanh some value inside its range (see {@link #INLINE_INTERIOR}).
   */
  private static ActivationKind inlineKind(TensorView a, TensorView z) {
    double tolerance = a.singlePrecision() ? INLINE_TOLERANCE_FLOAT : INLINE_TOLERANCE;
    int n = a.size();
    int stride = Math.max(1, n / INLINE_SAMPLES);
    for (ActivationKind kind : INLINE_KINDS) {
      Shape shape = new Shape();
      boolean matches = true;
      for (int i = 0; i < n && matches; i += stride) {
        double x = z.get(i);
        double y = kind.valueAt(x);
        matches = Math.abs(y - a.get(i)) <= tolerance * Math.max(1, Math.abs(y));
        shape.add(kind, x, y);
      }
      if (matches && shape.shows(kind)) {
        return kind;
      }
    }
    return null;
  }

  /**
   * Whether a = f(z) on the sampled coordinates for the trainer's own function f, the sample
   * showing the kind's shape ({@link #showsKind}): a layer of zeros is the sigmoid of any array of
   * values below −745, which seed 001's exploded weights make of its pre-activations.
   */
  private static boolean isImage(
      TensorView a, TensorView z, int function, ActivationKind kind, Functions functions) {
    int n = a.size();
    int stride = Math.max(1, n / PAIRING_SAMPLES);
    Shape shape = new Shape();
    for (int i = 0; i < n; i += stride) {
      double x = z.get(i);
      double y;
      try {
        y = Quiet.call(() -> functions.apply(function, x));
      } catch (Exception e) {
        return false;
      }
      if (Double.doubleToLongBits(y) != Double.doubleToLongBits(a.get(i))
          && !(a.singlePrecision() && (float) y == (float) a.get(i))) {
        return false;
      }
      shape.add(kind, x, y);
    }
    return shape.shows(kind);
  }

  /**
   * What a sample of pairs (z, f(z)) shows of a kind: a ReLU (or leaky ReLU) both its pieces, a
   * sigmoid or tanh some value inside its range (see {@link #INLINE_INTERIOR}), any other kind
   * some value changed by f.
   */
  private static final class Shape {
    boolean passed;
    boolean zeroed;
    boolean interior;
    boolean changed;

    void add(ActivationKind kind, double x, double y) {
      passed |= x > 0;
      zeroed |= x < 0;
      changed |= x != y;
      interior |= insideTheRange(kind, y);
    }

    boolean shows(ActivationKind kind) {
      return switch (kind) {
        case RELU, LEAKY_RELU -> passed && zeroed;
        case SIGMOID, TANH -> interior && changed;
        default -> changed;
      };
    }
  }
}
