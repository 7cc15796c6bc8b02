package dev.backprobe.report.chart;

/**
 * One named line of a chart: x and y values of the same length, y possibly NaN or infinite.
 *
 * @param name shown in the legend and tooltips
 * @param xs x values (steps), ascending
 * @param ys y values
 */
public record Series(String name, double[] xs, double[] ys) {

  public Series {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException("xs and ys differ in length");
    }
  }

  public int size() {
    return xs.length;
  }

  /**
   * At most {@code maxPoints} points (about), keeping each bucket's first, lowest, highest and
   * non-finite points so that spikes and NaNs survive thinning. Loss curves of long runs have one
   * point per step; a chart cannot show more points than it has pixels.
   */
  public Series thin(int maxPoints) {
    int n = xs.length;
    if (n <= maxPoints) {
      return this;
    }
    int buckets = Math.max(1, maxPoints / 3);
    double[] tx = new double[n];
    double[] ty = new double[n];
    int k = 0;
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) n * b / buckets);
      int to = (int) ((long) n * (b + 1) / buckets);
      int lowest = -1;
      int highest = -1;
      int bad = -1;
      for (int i = from; i < to; i++) {
        double v = ys[i];
        if (!Double.isFinite(v)) {
          bad = bad < 0 ? i : bad;
        } else {
          lowest = lowest < 0 || v < ys[lowest] ? i : lowest;
          highest = highest < 0 || v > ys[highest] ? i : highest;
        }
      }
      int[] keep = sortedDistinct(from, lowest, highest, bad);
      for (int i : keep) {
        tx[k] = xs[i];
        ty[k] = ys[i];
        k++;
      }
    }
    if (tx[k - 1] != xs[n - 1]) {
      tx[k] = xs[n - 1];
      ty[k] = ys[n - 1];
      k++;
    }
    return new Series(name, java.util.Arrays.copyOf(tx, k), java.util.Arrays.copyOf(ty, k));
  }

  private static int[] sortedDistinct(int... indices) {
    return java.util.Arrays.stream(indices).filter(i -> i >= 0).sorted().distinct().toArray();
  }
}
