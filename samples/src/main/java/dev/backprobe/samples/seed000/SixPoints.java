package dev.backprobe.samples.seed000;

/** The asker's six points: (3,4) (2,6) (1,6) are class 0 (blue), (1,1) (2,1) (3,1) class 1 (red). */
final class SixPoints {
  private SixPoints() {}

  static double[][] x() {
    return new double[][] {{3, 4}, {2, 6}, {1, 6}, {1, 1}, {2, 1}, {3, 1}};
  }

  static double[] y() {
    return new double[] {0, 0, 0, 1, 1, 1};
  }
}
