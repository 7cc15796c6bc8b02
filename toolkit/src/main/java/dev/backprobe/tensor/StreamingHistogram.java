package dev.backprobe.tensor;

import java.util.Arrays;

/**
 * Exact fixed-bin histogram built in one pass over values whose range is not known in advance.
 *
 * <p>Scheme: bins have a width {@code w} that is a power of two and start at a multiple of {@code
 * w}, so a value's bin is {@code floor(x / w)} computed exactly (dividing by a power of two does
 * not round). The first {@link #SAMPLE_SIZE} values are buffered to choose the starting width from
 * their spread. After that, a value outside the current window doubles {@code w}: bin {@code k}
 * becomes bin {@code floor(k / 2)}, so every count moves into exactly one new bin (pairs of old bins
 * merge) and the window grows up or down towards the value; this repeats until the value fits.
 * Counts therefore stay exact, and each value is touched once; the window is at most twice as wide
 * as needed per doubling, so the final range covers [min, max] within a factor of about 2.
 *
 * <p>Not thread-safe; {@link #reset()} makes it reusable without allocating.
 */
final class StreamingHistogram {

  /** Values buffered before the first width is chosen: enough to see the bulk's spread. */
  static final int SAMPLE_SIZE = 256;

  /**
   * Smallest starting width relative to the largest magnitude seen: keeps {@code x / w} far inside
   * the exactly representable integers (2^53) so bin indices never lose precision.
   */
  private static final double MIN_RELATIVE_WIDTH = 0x1p-40;

  private final long[] counts;
  private final long[] scratch;
  private final double[] sample = new double[SAMPLE_SIZE];
  private int sampled;
  private boolean started;
  private double width;
  /** Index (in units of {@code width}) of the first bin's left edge. */
  private long first;

  StreamingHistogram(int bins) {
    if (bins < 2 || bins % 2 != 0) {
      throw new IllegalArgumentException("bins must be even and at least 2, got " + bins);
    }
    counts = new long[bins];
    scratch = new long[bins];
  }

  void reset() {
    Arrays.fill(counts, 0);
    sampled = 0;
    started = false;
  }

  /** Adds one finite value. */
  void add(double x) {
    if (!started) {
      sample[sampled++] = x;
      if (sampled == SAMPLE_SIZE) {
        start();
      }
      return;
    }
    place(x);
  }

  /** The histogram of the values added so far (all zero counts over [0, 1] when none were). */
  Histogram toHistogram() {
    if (!started) {
      if (sampled == 0) {
        return new Histogram(0.0, 1.0, new long[counts.length]);
      }
      start();
    }
    double low = first * width;
    return new Histogram(low, low + counts.length * width, counts.clone());
  }

  private void start() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < sampled; i++) {
      min = Math.min(min, sample[i]);
      max = Math.max(max, sample[i]);
    }
    double magnitude = Math.max(Math.abs(min), Math.abs(max));
    double wanted =
        Math.max((max - min) / counts.length,
            Math.max(magnitude * MIN_RELATIVE_WIDTH, Double.MIN_NORMAL));
    width = powerOfTwoAtLeast(wanted);
    // Centre the sample's bins in the window so growth in either direction starts balanced.
    long lowBin = (long) Math.floor(min / width);
    long highBin = (long) Math.floor(max / width);
    first = lowBin - (counts.length - 1 - (highBin - lowBin)) / 2;
    started = true;
    for (int i = 0; i < sampled; i++) {
      place(sample[i]);
    }
    sampled = 0;
  }

  private void place(double x) {
    double q = x / width;
    if (!(q >= first && q < first + counts.length)) {
      widenFor(x);
      q = x / width;
    }
    counts[(int) ((long) Math.floor(q) - first)]++;
  }

  /**
   * Doubles the width until {@code x} fits, the window growing towards it each time, then merges
   * the counts once: bin {@code b} (in units of the old width) becomes bin {@code floor(b / 2^k)}
   * after {@code k} doublings, whichever way the window grew. Merging per doubling cost a pass over
   * the bins each time, ~1 000 passes for a tensor whose first values were all zero (the starting
   * width is then the smallest normal double).
   */
  private void widenFor(double x) {
    int bins = counts.length;
    long newFirst = first;
    double newWidth = width;
    int doublings = 0;
    double q = x / newWidth;
    while (!(q >= newFirst && q < newFirst + bins)) {
      newFirst =
          q >= newFirst
              ? Math.floorDiv(newFirst, 2)
              : Math.floorDiv(newFirst + bins - 1, 2) - bins + 1;
      newWidth *= 2;
      doublings++;
      q = x / newWidth;
    }
    Arrays.fill(scratch, 0);
    for (int i = 0; i < bins; i++) {
      scratch[(int) (halved(first + i, doublings) - newFirst)] += counts[i];
    }
    System.arraycopy(scratch, 0, counts, 0, bins);
    first = newFirst;
    width = newWidth;
  }

  /** {@code floor(b / 2^k)}; an arithmetic shift, which Java takes modulo 64, so capped. */
  private static long halved(long b, int k) {
    return k < Long.SIZE ? b >> k : (b < 0 ? -1 : 0);
  }

  private static double powerOfTwoAtLeast(double x) {
    double p = Math.scalb(1.0, Math.getExponent(x));
    return p >= x ? p : p * 2;
  }
}
