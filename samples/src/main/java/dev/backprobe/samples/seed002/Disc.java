package dev.backprobe.samples.seed002;

/**
 * A small dataset of the kind the asker describes (the CSV files are not in the post): 36 points on
 * a 6x6 grid in [-1, 1]^2 labelled 1 inside the disc x^2 + y^2 < 0.5 (12 of the 36), so a
 * hidden layer has to learn for the error to go to zero.
 */
final class Disc {
  static final int SIDE = 6;
  static final double RADIUS_SQUARED = 0.5;

  private Disc() {}

  static double[][] inputs() {
    double[][] x = new double[SIDE * SIDE][];
    for (int i = 0; i < SIDE; i++) {
      for (int j = 0; j < SIDE; j++) {
        x[i * SIDE + j] = new double[] {coordinate(i), coordinate(j)};
      }
    }
    return x;
  }

  static double[][] targets() {
    double[][] x = inputs();
    double[][] y = new double[x.length][1];
    for (int k = 0; k < x.length; k++) {
      y[k][0] = x[k][0] * x[k][0] + x[k][1] * x[k][1] < RADIUS_SQUARED ? 1 : 0;
    }
    return y;
  }

  /** -0.9, -0.54, -0.18, 0.18, 0.54, 0.9: never 0, so every point has a clear label. */
  private static double coordinate(int i) {
    return -0.9 + 1.8 * i / (SIDE - 1);
  }
}
