package dev.backprobe.tensor;

import dev.backprobe.probe.ActivationKind;

/**
 * Per-unit activity of a batch of activations laid out as rows = examples, columns = units.
 *
 * @param activeShare for each unit (column), the share of examples where it is non-zero
 * @param saturatedShare for each unit, the share of examples where it sits within {@link
 *     TensorStats#ASYMPTOTE_TOLERANCE} of an asymptote of the activation kind it was computed for
 *     (all zeros when the kind has no asymptote)
 */
public record UnitActivity(double[] activeShare, double[] saturatedShare) {

  public int units() {
    return activeShare.length;
  }

  /**
   * Activity of each column of a batch (read, not modified).
   *
   * <p>A value is active when it is finite and non-zero (a ReLU's "on"). It is saturated when {@code
   * kind} {@link ActivationKind#saturates() saturates} (sigmoid, tanh) and the value lies within
   * {@link TensorStats#ASYMPTOTE_TOLERANCE} of one of the kind's finite asymptotes ({@link
   * ActivationKind#lowerBound()}, {@link ActivationKind#upperBound()}). Softmax outputs are not
   * counted as saturated: near 0 or 1 they are confident, and the cross-entropy gradient p − y does
   * not vanish there. NaN and infinities count as neither.
   *
   * @param batch a 2-D view, rows = examples, columns = units; a 1-D view is one example
   * @param kind the activation that produced the values
   */
  public static UnitActivity of(TensorView batch, ActivationKind kind) {
    int[] shape = batch.shape();
    if (shape.length > 2) {
      throw new IllegalArgumentException(
          "unit activity needs a batch of rows x units, got " + shape.length + " dimensions");
    }
    int rows = shape.length == 2 ? shape[0] : 1;
    int units = shape.length == 2 ? shape[1] : shape[0];
    double[] active = new double[units];
    double[] saturated = new double[units];
    boolean saturates = kind.saturates();
    double low = kind.lowerBound();
    double high = kind.upperBound();
    double tolerance = TensorStats.ASYMPTOTE_TOLERANCE;
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < units; u++) {
        double v = batch.get(r * units + u);
        if (!Double.isFinite(v)) {
          continue;
        }
        if (v != 0) {
          active[u]++;
        }
        if (saturates && (Math.abs(v - low) <= tolerance || Math.abs(v - high) <= tolerance)) {
          saturated[u]++;
        }
      }
    }
    for (int u = 0; u < units && rows > 0; u++) {
      active[u] /= rows;
      saturated[u] /= rows;
    }
    return new UnitActivity(active, saturated);
  }
}
