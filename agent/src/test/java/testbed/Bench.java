package testbed;

/** Small hot methods for measuring what the probes cost per call. */
public final class Bench {
  private Bench() {}

  static double sig(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static double[] row(double[][] m, int i) {
    double[] r = m[i];
    return r;
  }

  /** Per iteration: 1 tracked call with arguments (dot), 1 with a store (row), 1 scalar (sig). */
  public static double run(double[][] m, double[] v, int iterations) {
    double acc = 0;
    for (int k = 0; k < iterations; k++) {
      double[] r = row(m, k % m.length);
      acc += sig(dot(r, v) * 1e-3);
    }
    return acc;
  }
}
