package org.example.trainers.momentum;

import java.util.Random;

/**
 * A 3-8-2 tanh regressor trained with heavy-ball momentum (v = μv − η∇L, w += v) on minibatches.
 * The {@code plusVelocity} twin accumulates +η∇L into the velocity and still adds it: every update
 * climbs.
 */
public class MomentumNet {
  double[][] w1 = new double[3][8];
  double[] b1 = new double[8];
  double[][] w2 = new double[8][2];
  double[] b2 = new double[2];
  double[][] vw1 = new double[3][8];
  double[] vb1 = new double[8];
  double[][] vw2 = new double[8][2];
  double[] vb2 = new double[2];
  static final double MU = 0.9;
  final double eta;
  final double sign;

  MomentumNet(double eta, boolean plusVelocity) {
    this.eta = eta;
    this.sign = plusVelocity ? 1 : -1;
    Random random = new Random(31);
    fill(w1, random, 1 / Math.sqrt(3));
    fill(w2, random, 1 / Math.sqrt(8));
  }

  static void fill(double[][] w, Random random, double scale) {
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() * scale;
      }
    }
  }

  double[][] hidden(double[][] x) {
    double[][] z = new double[x.length][8];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < 8; j++) {
        z[n][j] = b1[j];
        for (int i = 0; i < 3; i++) {
          z[n][j] += x[n][i] * w1[i][j];
        }
      }
    }
    return z;
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

  double[][] output(double[][] h) {
    double[][] o = new double[h.length][2];
    for (int n = 0; n < h.length; n++) {
      for (int k = 0; k < 2; k++) {
        o[n][k] = b2[k];
        for (int j = 0; j < 8; j++) {
          o[n][k] += h[n][j] * w2[j][k];
        }
      }
    }
    return o;
  }

  double loss(double[][] x, double[][] y) {
    double[][] o = output(tanh(hidden(x)));
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      for (int k = 0; k < 2; k++) {
        sum += (o[n][k] - y[n][k]) * (o[n][k] - y[n][k]);
      }
    }
    return sum / (2 * y.length);
  }

  void train(double[][] x, double[][] y) {
    double[][] h = tanh(hidden(x));
    double[][] o = output(h);
    int batch = y.length;
    double[][] gw1 = new double[3][8];
    double[] gb1 = new double[8];
    double[][] gw2 = new double[8][2];
    double[] gb2 = new double[2];
    for (int n = 0; n < batch; n++) {
      double[] dOut = new double[2];
      for (int k = 0; k < 2; k++) {
        dOut[k] = (o[n][k] - y[n][k]) / batch;
        gb2[k] += dOut[k];
      }
      for (int j = 0; j < 8; j++) {
        double dh = 0;
        for (int k = 0; k < 2; k++) {
          gw2[j][k] += h[n][j] * dOut[k];
          dh += w2[j][k] * dOut[k];
        }
        double dz = dh * (1 - h[n][j] * h[n][j]);
        gb1[j] += dz;
        for (int i = 0; i < 3; i++) {
          gw1[i][j] += x[n][i] * dz;
        }
      }
    }
    step(w1, vw1, gw1);
    step(w2, vw2, gw2);
    step(new double[][] {b1}, new double[][] {vb1}, new double[][] {gb1});
    step(new double[][] {b2}, new double[][] {vb2}, new double[][] {gb2});
  }

  private void step(double[][] w, double[][] v, double[][] g) {
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w[i].length; j++) {
        v[i][j] = MU * v[i][j] + sign * eta * g[i][j];
        w[i][j] += v[i][j];
      }
    }
  }

  /** {@code main [ok|plusVelocity] [epochs]}: minibatches of 8 out of 32 points. */
  public static void main(String[] args) {
    boolean plus = args.length > 0 && args[0].equals("plusVelocity");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Random data = new Random(4);
    double[][] x = new double[32][3];
    double[][] y = new double[32][2];
    for (int n = 0; n < 32; n++) {
      for (int i = 0; i < 3; i++) {
        x[n][i] = data.nextDouble() * 2 - 1;
      }
      y[n][0] = x[n][0] * x[n][1];
      y[n][1] = Math.sin(x[n][2]);
    }
    MomentumNet net = new MomentumNet(0.05, plus);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      for (int start = 0; start < 32; start += 8) {
        double[][] bx = java.util.Arrays.copyOfRange(x, start, start + 8);
        double[][] by = java.util.Arrays.copyOfRange(y, start, start + 8);
        net.train(bx, by);
      }
      System.out.println("epoch " + epoch + " loss " + net.loss(x, y));
    }
  }
}
