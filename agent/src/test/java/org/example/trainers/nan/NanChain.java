package org.example.trainers.nan;

import java.util.Random;

/**
 * A 3-8-1 regressor whose hidden layer goes through several scaling stages before the output, so
 * that a NaN made in the hidden layer reaches many arrays of the same step. Twins: {@code ok}
 * rectifies the hidden pre-activation; {@code log} takes its logarithm, NaN wherever it is
 * negative, and every array computed from it afterwards is NaN too: only the hidden activation is
 * where the NaN started.
 */
public class NanChain {
  static final int IN = 3;
  static final int HIDDEN = 8;
  double[][] weights = new double[IN][HIDDEN];
  double[] out = new double[HIDDEN];
  final String variant;

  NanChain(String variant) {
    this.variant = variant;
    Random random = new Random(5);
    for (double[] row : weights) {
      for (int j = 0; j < HIDDEN; j++) {
        row[j] = random.nextGaussian();
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      out[j] = random.nextGaussian() * 0.3;
    }
  }

  double[][] pre(double[][] x) {
    double[][] z = new double[x.length][HIDDEN];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < HIDDEN; j++) {
        for (int i = 0; i < IN; i++) {
          z[n][j] += x[n][i] * weights[i][j];
        }
      }
    }
    return z;
  }

  double[][] hidden(double[][] z) {
    double[][] h = new double[z.length][HIDDEN];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < HIDDEN; j++) {
        h[n][j] = variant.equals("log") ? Math.log(z[n][j]) : Math.max(0, z[n][j]);
      }
    }
    return h;
  }

  static double[][] scaled(double[][] a, double factor) {
    double[][] s = new double[a.length][a[0].length];
    for (int n = 0; n < a.length; n++) {
      for (int j = 0; j < a[0].length; j++) {
        s[n][j] = a[n][j] * factor;
      }
    }
    return s;
  }

  double[] predict(double[][] h) {
    double[] y = new double[h.length];
    for (int n = 0; n < h.length; n++) {
      for (int j = 0; j < HIDDEN; j++) {
        y[n] += h[n][j] * out[j];
      }
    }
    return y;
  }

  double[][] features(double[][] x) {
    double[][] half = scaled(hidden(pre(x)), 0.5);
    double[][] quarter = scaled(half, 0.5);
    return scaled(quarter, 4);
  }

  double meanSquaredError(double[][] x, double[] y) {
    double[] p = predict(features(x));
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      sum += (p[n] - y[n]) * (p[n] - y[n]);
    }
    return sum / y.length;
  }

  /** Trains the output weights only: the hidden layer is a fixed feature map. */
  void fit(double[][] x, double[] y, double rate) {
    double[][] features = features(x);
    double[] p = predict(features);
    double[] gradient = new double[HIDDEN];
    for (int n = 0; n < y.length; n++) {
      double d = 2 * (p[n] - y[n]) / y.length;
      for (int j = 0; j < HIDDEN; j++) {
        gradient[j] += features[n][j] * d;
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      out[j] -= rate * gradient[j];
    }
  }

  public static void main(String[] args) {
    NanChain net = new NanChain(args.length > 0 ? args[0] : "ok");
    Random data = new Random(11);
    double[][] x = new double[16][IN];
    double[] y = new double[16];
    for (int n = 0; n < x.length; n++) {
      for (int i = 0; i < IN; i++) {
        x[n][i] = data.nextGaussian();
      }
      y[n] = x[n][0] - 0.5 * x[n][1];
    }
    for (int step = 1; step <= 30; step++) {
      net.fit(x, y, 0.05);
      if (step % 10 == 0) {
        System.out.println("step " + step + " loss " + net.meanSquaredError(x, y));
      }
    }
  }
}
