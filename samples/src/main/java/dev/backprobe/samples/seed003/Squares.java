package dev.backprobe.samples.seed003;

import java.util.Locale;

/** The asker's data, X = np.linspace(0, 1, 201) as one row, y = X**2, and a summary of a fit. */
final class Squares {
  static final int POINTS = 201;

  private Squares() {}

  static double[][] x() {
    double[][] x = new double[1][POINTS];
    for (int j = 0; j < POINTS; j++) {
      x[0][j] = (double) j / (POINTS - 1);
    }
    return x;
  }

  static double[][] y(double[][] x) {
    double[][] y = new double[1][POINTS];
    for (int j = 0; j < POINTS; j++) {
      y[0][j] = x[0][j] * x[0][j];
    }
    return y;
  }

  /** The fitted curve at x = 0, 0.25, 0.5, 0.75, 1 (what the asker's plot showed). */
  static String curve(double[][] prediction) {
    StringBuilder line = new StringBuilder("fit at x = 0, .25, .5, .75, 1:");
    for (int j = 0; j < POINTS; j += (POINTS - 1) / 4) {
      line.append(String.format(Locale.ROOT, " %.4f", prediction[0][j]));
    }
    return line.toString();
  }
}
