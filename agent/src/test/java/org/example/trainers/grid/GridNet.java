package org.example.trainers.grid;

import java.util.Random;

/**
 * A 6-16-3 sigmoid/softmax classifier on the home-made {@link Grid}, trained with cross-entropy on
 * minibatches. Its hidden activation {@link #squash} is a method of the network that counts its
 * calls, so a probe that left the network changed would show in the output. The {@code rawInputs}
 * twin feeds the features unscaled (×100), which pins the
 * hidden sigmoid at 0 and 1.
 */
public class GridNet {
  final Grid w1;
  final Grid b1 = new Grid("b1", 1, 16);
  final Grid w2;
  final Grid b2 = new Grid("b2", 1, 3);
  final double rate = 0.5;
  /** Calls of {@link #squash}, printed at the end: probing must not change it. */
  int squashed;

  GridNet() {
    Random init = new Random(31);
    w1 = Grid.gaussian(6, 16, Math.sqrt(1.0 / 6), init);
    w2 = Grid.gaussian(16, 3, Math.sqrt(1.0 / 16), init);
  }

  /** The hidden activation; counts its calls, so it changes the network's state. */
  Grid squash(Grid z) {
    squashed++;
    return z.sigmoid();
  }

  double crossEntropy(Grid x, int[] labels) {
    Grid p = squash(x.affine(w1, b1)).affine(w2, b2).softmax();
    double sum = 0;
    for (int n = 0; n < x.height; n++) {
      sum -= Math.log(Math.max(p.at(n, labels[n]), 1e-300));
    }
    return sum / x.height;
  }

  void minibatch(Grid x, int[] labels) {
    Grid z1 = x.affine(w1, b1);
    Grid hidden = squash(z1);
    Grid probabilities = hidden.affine(w2, b2).softmax();
    int batch = x.height;
    double[] delta = new double[batch * 3];
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < 3; k++) {
        delta[n * 3 + k] = (probabilities.at(n, k) - (labels[n] == k ? 1 : 0)) / batch;
      }
    }
    double[] below = new double[batch * 16];
    for (int n = 0; n < batch; n++) {
      for (int i = 0; i < 16; i++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += delta[n * 3 + k] * w2.at(i, k);
        }
        double a = hidden.at(n, i);
        below[n * 16 + i] = s * a * (1 - a);
      }
    }
    update(w2, b2, hidden, delta, 3);
    update(w1, b1, x, below, 16);
  }

  private void update(Grid w, Grid b, Grid in, double[] delta, int outputs) {
    for (int n = 0; n < in.height; n++) {
      for (int j = 0; j < outputs; j++) {
        double d = delta[n * outputs + j];
        b.cells[j] -= rate * d;
        for (int i = 0; i < in.width; i++) {
          w.cells[i * outputs + j] -= rate * in.at(n, i) * d;
        }
      }
    }
  }

  /** {@code main [ok|rawInputs] [epochs]}: 4 minibatches of 16 per epoch. */
  public static void main(String[] args) {
    boolean raw = args.length > 0 && args[0].equals("rawInputs");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Random data = new Random(37);
    double[][] points = new double[64][6];
    int[] classes = new int[64];
    for (int n = 0; n < 64; n++) {
      classes[n] = n % 3;
      for (int i = 0; i < 6; i++) {
        points[n][i] = (data.nextGaussian() + (i % 3 == classes[n] ? 1 : 0)) * (raw ? 100 : 1);
      }
    }
    GridNet net = new GridNet();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double total = 0;
      for (int start = 0; start < 64; start += 16) {
        Grid x = new Grid("batch", 16, 6);
        int[] labels = new int[16];
        for (int n = 0; n < 16; n++) {
          labels[n] = classes[start + n];
          System.arraycopy(points[start + n], 0, x.cells, n * 6, 6);
        }
        net.minibatch(x, labels);
        total += net.crossEntropy(x, labels);
      }
      System.out.println("epoch " + epoch + " mean cross-entropy " + total / 4);
    }
    System.out.println("squashed " + net.squashed + " times");
  }
}
