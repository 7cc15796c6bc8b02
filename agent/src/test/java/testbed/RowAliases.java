package testbed;

/** Row aliases ({@code double[] row = m[i]}) in and out of loops, for the store-probe tests. */
public final class RowAliases {
  private RowAliases() {}

  /** Sums a matrix through row aliases: one outside any loop, one per row inside the loop. */
  public static double sum(double[][] m) {
    double[] first = m[0];
    double total = -first[0];
    for (int i = 0; i < m.length; i++) {
      double[] row = m[i];
      double[] copy = row.clone();
      for (double v : copy) {
        total += v;
      }
    }
    return total + first[0];
  }
}
