package org.example.trainers.regression;

import java.util.Random;

/**
 * A 1-10-1 regressor of y = x² − 1 (targets in [−1, 3]) with a tanh hidden layer. The correct
 * output layer is linear; the {@code reluOut} twin puts a ReLU on the output, which cannot produce
 * the negative targets.
 */
public class ReluRegressor {
  final double[][] hiddenW = new double[1][10];
  final double[] hiddenB = new double[10];
  final double[][] outW = new double[10][1];
  final double[] outB = new double[1];
  final boolean reluOut;
  final double eta = 0.05;

  ReluRegressor(boolean reluOut) {
    this.reluOut = reluOut;
    Random random = new Random(19);
    for (int j = 0; j < 10; j++) {
      hiddenW[0][j] = random.nextGaussian();
      hiddenB[j] = random.nextGaussian() * 0.5;
      outW[j][0] = random.nextGaussian() / Math.sqrt(10);
    }
  }

  static double[][] tanh(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < z[0].length; j++) {
        a[n][j] = Math.tanh(z[n][j]);
      }
    }
    return a;
  }

  static double rectify(double v) {
    return Math.max(0, v);
  }

  static double[][] rectify(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < z[0].length; j++) {
        a[n][j] = rectify(z[n][j]);
      }
    }
    return a;
  }

  static double[][] affine(double[][] a, double[][] w, double[] b) {
    double[][] z = new double[a.length][b.length];
    for (int n = 0; n < a.length; n++) {
      for (int j = 0; j < b.length; j++) {
        z[n][j] = b[j];
        for (int i = 0; i < w.length; i++) {
          z[n][j] += a[n][i] * w[i][j];
        }
      }
    }
    return z;
  }

  double[][] output(double[][] h) {
    double[][] z = affine(h, outW, outB);
    return reluOut ? rectify(z) : z;
  }

  double meanSquare(double[][] x, double[][] y) {
    double[][] out = output(tanh(affine(x, hiddenW, hiddenB)));
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      sum += (out[n][0] - y[n][0]) * (out[n][0] - y[n][0]);
    }
    return sum / y.length;
  }

  void regress(double[][] x, double[][] y) {
    double[][] h = tanh(affine(x, hiddenW, hiddenB));
    double[][] z = affine(h, outW, outB);
    double[][] out = reluOut ? rectify(z) : z;
    int batch = y.length;
    double[] gOutW = new double[10];
    double[] gHiddenW = new double[10];
    double[] gHiddenB = new double[10];
    double gOutB = 0;
    for (int n = 0; n < batch; n++) {
      double d = 2 * (out[n][0] - y[n][0]) / batch;
      if (reluOut && z[n][0] <= 0) {
        d = 0;
      }
      for (int j = 0; j < 10; j++) {
        double dz = d * outW[j][0] * (1 - h[n][j] * h[n][j]);
        gOutW[j] += h[n][j] * d;
        gHiddenW[j] += x[n][0] * dz;
        gHiddenB[j] += dz;
      }
      gOutB += d;
    }
    for (int j = 0; j < 10; j++) {
      outW[j][0] -= eta * gOutW[j];
      hiddenW[0][j] -= eta * gHiddenW[j];
      hiddenB[j] -= eta * gHiddenB[j];
    }
    outB[0] -= eta * gOutB;
  }

  /** {@code main [ok|reluOut] [steps]}. */
  public static void main(String[] args) {
    boolean reluOut = args.length > 0 && args[0].equals("reluOut");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    double[][] x = new double[21][1];
    double[][] y = new double[21][1];
    for (int n = 0; n < 21; n++) {
      x[n][0] = -2 + n * 0.2;
      y[n][0] = x[n][0] * x[n][0] - 1;
    }
    ReluRegressor net = new ReluRegressor(reluOut);
    for (int s = 1; s <= steps; s++) {
      net.regress(x, y);
      System.out.println(s + " " + net.meanSquare(x, y));
    }
  }
}
