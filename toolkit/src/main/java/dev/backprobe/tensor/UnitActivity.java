package dev.backprobe.tensor;

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
}
