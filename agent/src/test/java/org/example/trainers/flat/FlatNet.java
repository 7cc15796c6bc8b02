package org.example.trainers.flat;

import java.util.Random;

/**
 * A 4-8-3 tanh/softmax classifier whose every parameter lives in one flat {@code double[]} with
 * manual offsets (W1, b1, W2, b2), trained with cross-entropy by full-batch gradient descent. The
 * {@code assigned} twin assigns the hidden bias gradient per example instead of accumulating it
 * over the batch (only the last example's contribution survives).
 */
public class FlatNet {
  static final int IN = 4;
  static final int HID = 8;
  static final int OUT = 3;
  static final int W1 = 0;
  static final int B1 = W1 + IN * HID;
  static final int W2 = B1 + HID;
  static final int B2 = W2 + HID * OUT;
  static final int SIZE = B2 + OUT;

  final double[] theta = new double[SIZE];
  final double step;
  final boolean assigned;

  FlatNet(double step, boolean assigned) {
    this.step = step;
    this.assigned = assigned;
    Random random = new Random(3);
    for (int i = 0; i < B2; i++) {
      theta[i] = random.nextGaussian() * 0.5;
    }
  }

  double[][] preHidden(double[][] x) {
    double[][] z = new double[x.length][HID];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < HID; j++) {
        double s = theta[B1 + j];
        for (int i = 0; i < IN; i++) {
          s += x[n][i] * theta[W1 + i * HID + j];
        }
        z[n][j] = s;
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

  double[][] scores(double[][] h) {
    double[][] s = new double[h.length][OUT];
    for (int n = 0; n < h.length; n++) {
      for (int k = 0; k < OUT; k++) {
        double v = theta[B2 + k];
        for (int j = 0; j < HID; j++) {
          v += h[n][j] * theta[W2 + j * OUT + k];
        }
        s[n][k] = v;
      }
    }
    return s;
  }

  static double[][] softmax(double[][] s) {
    double[][] p = new double[s.length][s[0].length];
    for (int n = 0; n < s.length; n++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s[n]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int k = 0; k < s[n].length; k++) {
        p[n][k] = Math.exp(s[n][k] - max);
        sum += p[n][k];
      }
      for (int k = 0; k < s[n].length; k++) {
        p[n][k] /= sum;
      }
    }
    return p;
  }

  /** Mean cross-entropy. */
  double objective(double[][] x, int[] labels) {
    double[][] p = softmax(scores(tanh(preHidden(x))));
    double sum = 0;
    for (int n = 0; n < x.length; n++) {
      sum -= Math.log(p[n][labels[n]]);
    }
    return sum / x.length;
  }

  void epoch(double[][] x, int[] labels) {
    double[][] z = preHidden(x);
    double[][] h = tanh(z);
    double[][] p = softmax(scores(h));
    double[] grad = new double[SIZE];
    int batch = x.length;
    for (int n = 0; n < batch; n++) {
      double[] ds = new double[OUT];
      for (int k = 0; k < OUT; k++) {
        ds[k] = (p[n][k] - (labels[n] == k ? 1 : 0)) / batch;
        grad[B2 + k] += ds[k];
      }
      for (int j = 0; j < HID; j++) {
        double dh = 0;
        for (int k = 0; k < OUT; k++) {
          grad[W2 + j * OUT + k] += h[n][j] * ds[k];
          dh += theta[W2 + j * OUT + k] * ds[k];
        }
        double dz = dh * (1 - h[n][j] * h[n][j]);
        if (assigned) {
          grad[B1 + j] = dz;
        } else {
          grad[B1 + j] += dz;
        }
        for (int i = 0; i < IN; i++) {
          grad[W1 + i * HID + j] += x[n][i] * dz;
        }
      }
    }
    for (int i = 0; i < SIZE; i++) {
      theta[i] -= step * grad[i];
    }
  }

  /** {@code main [ok|assigned] [epochs]}. */
  public static void main(String[] args) {
    boolean assigned = args.length > 0 && args[0].equals("assigned");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Random data = new Random(5);
    double[][] x = new double[24][IN];
    int[] labels = new int[24];
    for (int n = 0; n < 24; n++) {
      labels[n] = n % OUT;
      for (int i = 0; i < IN; i++) {
        x[n][i] = data.nextGaussian() * 0.5 + (i == labels[n] ? 1.0 : 0.0);
      }
    }
    FlatNet net = new FlatNet(0.5, assigned);
    for (int e = 1; e <= epochs; e++) {
      net.epoch(x, labels);
      System.out.println("epoch " + e + " objective " + net.objective(x, labels));
    }
  }
}
