package dev.backprobe.api;

import dev.backprobe.probe.ActivationKind;
import java.util.Objects;

/**
 * A batch of activations, rows = examples and columns = units, with the activation that produced
 * it (which decides where its asymptotes are).
 *
 * @param name what to call it in messages ({@code hidden})
 * @param values the values, rows = examples (not copied; not modified)
 * @param kind the activation that produced them, or {@link ActivationKind#UNKNOWN} to infer it from
 *     the range of the values
 */
public record ActivationBatch(String name, double[][] values, ActivationKind kind) {

  public ActivationBatch {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(kind, "kind");
    name = name == null ? "activations" : name;
  }

  /** A batch of activations of an unknown (inferred) kind. */
  public static ActivationBatch of(double[][] values) {
    return new ActivationBatch("activations", values, ActivationKind.UNKNOWN);
  }

  /** A batch of {@code float} activations, widened exactly to {@code double}. */
  public static ActivationBatch of(float[][] values) {
    Objects.requireNonNull(values, "values");
    double[][] widened = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      widened[i] = new double[values[i].length];
      for (int j = 0; j < values[i].length; j++) {
        widened[i][j] = values[i][j];
      }
    }
    return of(widened);
  }

  /** The same batch, called {@code newName} in messages. */
  public ActivationBatch named(String newName) {
    return new ActivationBatch(newName, values, kind);
  }

  /** The same batch, produced by {@code activation}. */
  public ActivationBatch ofKind(ActivationKind activation) {
    return new ActivationBatch(name, values, activation);
  }

  /**
   * The activation, inferred from the range when unknown: values in [0, 1] read as a sigmoid (or
   * softmax), in [−1, 1] as a tanh, non-negative and unbounded as a ReLU, else unknown.
   */
  public ActivationKind effectiveKind() {
    if (kind != ActivationKind.UNKNOWN) {
      return kind;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : values) {
      for (double v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min >= 0 && max <= 1) {
      return ActivationKind.SIGMOID;
    }
    if (min >= -1 && max <= 1) {
      return ActivationKind.TANH;
    }
    return min >= 0 ? ActivationKind.RELU : ActivationKind.UNKNOWN;
  }

  /** Number of examples (rows). */
  public int examples() {
    return values.length;
  }

  /** Number of units (columns of the first row). */
  public int units() {
    return values.length == 0 ? 0 : values[0].length;
  }
}
