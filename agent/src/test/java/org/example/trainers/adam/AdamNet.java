package org.example.trainers.adam;

import java.util.Random;

/**
 * A 4-10-1 ReLU regressor trained with Adam (Kingma &amp; Ba 2015, β₁ = 0.9, β₂ = 0.999). Twins:
 * {@code ascent} adds the Adam step instead of subtracting it; {@code unsquared} accumulates g
 * instead of g² into the second moment, whose square root is then NaN for negative gradients.
 */
public class AdamNet {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;
  double[][] weightsIn = new double[4][10];
  double[] biasIn = new double[10];
  double[] weightsOut = new double[10];
  double[][] m1 = new double[4][10];
  double[][] s1 = new double[4][10];
  double[] mb = new double[10];
  double[] sb = new double[10];
  double[] m2 = new double[10];
  double[] s2 = new double[10];
  int t;
  final double alpha;
  final String variant;

  AdamNet(double alpha, String variant) {
    this.alpha = alpha;
    this.variant = variant;
    Random random = new Random(2);
    for (double[] row : weightsIn) {
      for (int j = 0; j < 10; j++) {
        row[j] = random.nextGaussian() * Math.sqrt(2.0 / 4);
      }
    }
    for (int j = 0; j < 10; j++) {
      biasIn[j] = 0.1;
      weightsOut[j] = random.nextGaussian() * Math.sqrt(1.0 / 10);
    }
  }

  double[][] pre(double[][] x) {
    double[][] z = new double[x.length][10];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < 10; j++) {
        z[n][j] = biasIn[j];
        for (int i = 0; i < 4; i++) {
          z[n][j] += x[n][i] * weightsIn[i][j];
        }
      }
    }
    return z;
  }

  static double[][] rectify(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < z[0].length; j++) {
        a[n][j] = Math.max(0, z[n][j]);
      }
    }
    return a;
  }

  double[] predict(double[][] h) {
    double[] out = new double[h.length];
    for (int n = 0; n < h.length; n++) {
      for (int j = 0; j < 10; j++) {
        out[n] += h[n][j] * weightsOut[j];
      }
    }
    return out;
  }

  double meanSquaredError(double[][] x, double[] y) {
    double[] out = predict(rectify(pre(x)));
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      sum += (out[n] - y[n]) * (out[n] - y[n]);
    }
    return sum / y.length;
  }

  void optimise(double[][] x, double[] y) {
    double[][] z = pre(x);
    double[][] h = rectify(z);
    double[] out = predict(h);
    double[][] g1 = new double[4][10];
    double[] gb = new double[10];
    double[] g2 = new double[10];
    for (int n = 0; n < y.length; n++) {
      double d = 2 * (out[n] - y[n]) / y.length;
      for (int j = 0; j < 10; j++) {
        g2[j] += h[n][j] * d;
        if (z[n][j] > 0) {
          gb[j] += d * weightsOut[j];
          for (int i = 0; i < 4; i++) {
            g1[i][j] += x[n][i] * d * weightsOut[j];
          }
        }
      }
    }
    t++;
    for (int i = 0; i < 4; i++) {
      adam(weightsIn[i], m1[i], s1[i], g1[i]);
    }
    adam(biasIn, mb, sb, gb);
    adam(weightsOut, m2, s2, g2);
  }

  private void adam(double[] w, double[] m, double[] s, double[] g) {
    double sign = variant.equals("ascent") ? 1 : -1;
    for (int j = 0; j < w.length; j++) {
      m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
      double second = variant.equals("unsquared") ? g[j] : g[j] * g[j];
      s[j] = BETA2 * s[j] + (1 - BETA2) * second;
      double mHat = m[j] / (1 - Math.pow(BETA1, t));
      double sHat = s[j] / (1 - Math.pow(BETA2, t));
      w[j] += sign * alpha * mHat / (Math.sqrt(sHat) + EPS);
    }
  }

  /** {@code main [ok|ascent|unsquared] [iterations]}. */
  public static void main(String[] args) {
    String variant = args.length > 0 ? args[0] : "ok";
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Random data = new Random(6);
    double[][] x = new double[32][4];
    double[] y = new double[32];
    for (int n = 0; n < 32; n++) {
      for (int i = 0; i < 4; i++) {
        x[n][i] = data.nextDouble() * 2 - 1;
      }
      y[n] = Math.abs(x[n][0]) + 0.5 * x[n][1] * x[n][2] - x[n][3];
    }
    AdamNet net = new AdamNet(0.01, variant);
    for (int it = 1; it <= iterations; it++) {
      net.optimise(x, y);
      double mse = net.meanSquaredError(x, y);
      if (it % 10 == 0) {
        System.out.println("iteration " + it + " mse " + mse);
      }
    }
  }
}
