package dev.backprobe.model;

import dev.backprobe.tensor.TensorView;
import java.lang.reflect.Field;

/**
 * A tensor found in a model by {@link ModelInspector}: its name, a live view over the trainer's own
 * storage, and the field it was reached through.
 *
 * @param name full name as traces and findings spell it: the root's class, then the path, e.g.
 *     {@code pkg.Net.w2}, {@code pkg.Net.layers[0].weights}, {@code pkg.Net.w1} for a matrix object
 *     held in field {@code w1}
 * @param path the name without the root's class, e.g. {@code w2}, {@code layers[0].weights}
 * @param view a live view: reads and writes go to the trainer's array
 * @param owner the object whose field leads to the tensor (through lists and arrays), or null for a
 *     static field
 * @param field that field; for a matrix object, the field that holds the matrix object
 * @param storage how the trainer stores it: {@code double[][]}, {@code float[]}, or the class of a
 *     matrix object such as {@code pkg.Matrix}
 */
public record DiscoveredTensor(
    String name, String path, TensorView view, Object owner, Field field, String storage) {

  /** Number of values. */
  public int size() {
    return view.size();
  }

  /** Dimensions, e.g. {@code [300, 784]}. */
  public int[] shape() {
    return view.shape();
  }

  /** Whether values are stored as {@code float}. */
  public boolean singlePrecision() {
    return view.singlePrecision();
  }

  /**
   * Whether a name a user wrote refers to this tensor: the full name, the path ({@code w2},
   * {@code layers[0].weights}) or any tail of the full name that starts after a dot or a {@code $} ({@code Net.w2}).
   */
  public boolean isNamed(String userName) {
    return matches(name, userName);
  }

  /** Whether {@code userName} is {@code fullName} or one of its dotted tails. */
  public static boolean matches(String fullName, String userName) {
    if (fullName == null || userName == null || userName.isEmpty()) {
      return false;
    }
    if (fullName.equals(userName)) {
      return true;
    }
    int start = fullName.length() - userName.length();
    if (start <= 0 || !fullName.endsWith(userName)) {
      return false;
    }
    char before = fullName.charAt(start - 1);
    return before == '.' || before == '$';
  }
}
