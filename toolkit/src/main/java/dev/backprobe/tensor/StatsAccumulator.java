package dev.backprobe.tensor;

/**
 * Computes {@link TensorStats} in one pass: Welford's update for mean and variance, a scaled sum of
 * squares for the L2 norm (no overflow, as LAPACK's {@code dlassq}), and an exact fixed-bin
 * histogram (see {@link StreamingHistogram}).
 *
 * <p>The agent runs it on every captured tensor, so it allocates nothing per value: create one,
 * {@link #add} values (or {@link #addAll} a view or array), read {@link #stats()}, {@link #reset()}
 * and reuse it. Not thread-safe. The static {@link #of} methods are the one-shot form.
 */
public final class StatsAccumulator {

  private final StreamingHistogram histogram;
  private long count;
  private long finite;
  private long nanCount;
  private long infCount;
  private double mean;
  private double m2;
  private double min;
  private double max;
  private double l2Scale;
  private double l2SumSquares;
  private long zeros;
  private long negatives;
  private long nearZero;
  private long nearOne;
  private long nearMinusOne;

  /** An accumulator with {@link Histogram#DEFAULT_BINS} histogram bins. */
  public StatsAccumulator() {
    this(Histogram.DEFAULT_BINS);
  }

  /**
   * @param bins number of histogram bins, even and at least 2
   */
  public StatsAccumulator(int bins) {
    histogram = new StreamingHistogram(bins);
    reset();
  }

  /** Statistics of every value of a view (read, not modified). */
  public static TensorStats of(TensorView values) {
    return new StatsAccumulator().addAll(values).stats();
  }

  /** Statistics of every value of an array (not modified). */
  public static TensorStats of(double[] values) {
    return new StatsAccumulator().addAll(values).stats();
  }

  /** Forgets every value added so far. */
  public StatsAccumulator reset() {
    histogram.reset();
    count = 0;
    finite = 0;
    nanCount = 0;
    infCount = 0;
    mean = 0;
    m2 = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    l2Scale = 0;
    l2SumSquares = 1;
    zeros = 0;
    negatives = 0;
    nearZero = 0;
    nearOne = 0;
    nearMinusOne = 0;
    return this;
  }

  /** Adds every value of a view, in row-major order. */
  public StatsAccumulator addAll(TensorView values) {
    int n = values.size();
    for (int i = 0; i < n; i++) {
      add(values.get(i));
    }
    return this;
  }

  /** Adds every value of an array. */
  public StatsAccumulator addAll(double[] values) {
    for (double v : values) {
      add(v);
    }
    return this;
  }

  /** Adds one value; NaN and infinities are counted but enter no other statistic. */
  public StatsAccumulator add(double x) {
    count++;
    if (Double.isNaN(x)) {
      nanCount++;
      return this;
    }
    if (Double.isInfinite(x)) {
      infCount++;
      return this;
    }
    finite++;
    double delta = x - mean;
    mean += delta / finite;
    m2 += delta * (x - mean);
    min = Math.min(min, x);
    max = Math.max(max, x);
    addSquare(x);
    countShares(x);
    histogram.add(x);
    return this;
  }

  /** The statistics of the values added so far; the accumulator stays usable. */
  public TensorStats stats() {
    boolean none = finite == 0;
    double share = none ? Double.NaN : 1.0 / finite;
    return new TensorStats(
        count,
        none ? Double.NaN : mean,
        none ? Double.NaN : Math.sqrt(m2 / finite),
        none ? Double.NaN : min,
        none ? Double.NaN : max,
        l2Scale * Math.sqrt(l2SumSquares),
        nanCount,
        infCount,
        zeros * share,
        negatives * share,
        nearZero * share,
        nearOne * share,
        nearMinusOne * share,
        histogram.toHistogram());
  }

  private void addSquare(double x) {
    double a = Math.abs(x);
    if (a == 0) {
      return;
    }
    if (l2Scale < a) {
      double r = l2Scale / a;
      l2SumSquares = 1 + l2SumSquares * r * r;
      l2Scale = a;
    } else {
      double r = a / l2Scale;
      l2SumSquares += r * r;
    }
  }

  private void countShares(double x) {
    double tolerance = TensorStats.ASYMPTOTE_TOLERANCE;
    if (x == 0) {
      zeros++;
    } else if (x < 0) {
      negatives++;
    }
    if (Math.abs(x) <= tolerance) {
      nearZero++;
    }
    if (Math.abs(x - 1) <= tolerance) {
      nearOne++;
    }
    if (Math.abs(x + 1) <= tolerance) {
      nearMinusOne++;
    }
  }
}
