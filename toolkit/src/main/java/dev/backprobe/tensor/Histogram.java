package dev.backprobe.tensor;

/**
 * Fixed-bin histogram over [{@code low}, {@code high}]: bin {@code i} covers {@code [low + i·w, low
 * + (i+1)·w)} with {@code w = (high − low) / counts.length}; the last bin includes {@code high}.
 * Only finite values are counted.
 */
public record Histogram(double low, double high, long[] counts) {

  /** Number of bins the toolkit uses by default: enough to show a bimodal (saturated) shape. */
  public static final int DEFAULT_BINS = 20;

  public int bins() {
    return counts.length;
  }

  public double binWidth() {
    return (high - low) / counts.length;
  }
}
