package dev.backprobe.probe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The activation functions Backprobe recognises by probing, whatever the method is called. */
public enum ActivationKind {
  SIGMOID("sigmoid", 0.0, 1.0),
  TANH("tanh", -1.0, 1.0),
  RELU("relu", 0.0, Double.POSITIVE_INFINITY),
  LEAKY_RELU("leaky-relu", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
  SOFTPLUS("softplus", 0.0, Double.POSITIVE_INFINITY),
  IDENTITY("identity", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
  /** Softmax over each row of a matrix (or over a vector). */
  SOFTMAX_ROWS("softmax-rows", 0.0, 1.0),
  /** Softmax normalised over the whole matrix: almost always a bug when the rows are examples. */
  SOFTMAX_MATRIX("softmax-matrix", 0.0, 1.0),
  /** Softmax over each column. */
  SOFTMAX_COLUMNS("softmax-columns", 0.0, 1.0),
  UNKNOWN("unknown", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

  private final String id;
  private final double lowerBound;
  private final double upperBound;

  ActivationKind(String id, double lowerBound, double upperBound) {
    this.id = id;
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
  }

  /** The name used in traces, findings and the report (also its JSON form). */
  @JsonValue
  public String id() {
    return id;
  }

  /** Greatest lower bound of the function's range. */
  public double lowerBound() {
    return lowerBound;
  }

  /** Least upper bound of the function's range. */
  public double upperBound() {
    return upperBound;
  }

  /** Whether the function flattens out at finite asymptotes, so that its units can saturate. */
  public boolean saturates() {
    return this == SIGMOID || this == TANH;
  }

  /** Whether it is a softmax of any axis. */
  /**
   * f(x) by the reference implementation, for the elementwise kinds that have no parameter
   * (sigmoid, tanh, ReLU, softplus, identity).
   *
   * @throws IllegalArgumentException for a leaky ReLU (its slope is a parameter), a softmax or
   *     an unknown kind
   */
  public double valueAt(double x) {
    if (this == LEAKY_RELU) {
      throw new IllegalArgumentException("a leaky ReLU needs its slope");
    }
    return Activations.apply(this, Double.NaN, x);
  }

  public boolean isSoftmax() {
    return this == SOFTMAX_ROWS || this == SOFTMAX_MATRIX || this == SOFTMAX_COLUMNS;
  }

  /** The kind with this id (or enum name, as older traces wrote it), else {@link #UNKNOWN}. */
  @JsonCreator
  public static ActivationKind fromId(String id) {
    for (ActivationKind kind : values()) {
      if (kind.id.equals(id) || kind.name().equals(id)) {
        return kind;
      }
    }
    return UNKNOWN;
  }
}
