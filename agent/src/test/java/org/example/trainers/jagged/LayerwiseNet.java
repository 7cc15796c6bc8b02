package org.example.trainers.jagged;

import java.util.Random;

/**
 * A 3-5-4-1 sigmoid regression trained one example at a time, whose forward pass keeps each
 * layer's pre-activations and activations in jagged arrays ({@code double[][] sums = new
 * double[4][]}, filled layer by layer) and writes the sigmoid inline, so there is no activation
 * function to probe, only the derivative helper {@code slopeFromOutput}. Twins: {@code ok};
 * {@code fedSums} calls it on the pre-activations; {@code flipped} calls {@code slopeFlipped},
 * which returns a(a − 1).
 */
public class LayerwiseNet {
  static final int[] WIDTHS = {3, 5, 4, 1};
  final double[][][] weights = new double[3][][];
  final double[][] offsets = new double[3][];
  final String variant;

  LayerwiseNet(String variant, Random random) {
    this.variant = variant;
    for (int l = 0; l < 3; l++) {
      weights[l] = new double[WIDTHS[l + 1]][WIDTHS[l]];
      offsets[l] = new double[WIDTHS[l + 1]];
      for (double[] row : weights[l]) {
        for (int i = 0; i < row.length; i++) {
          row[i] = random.nextGaussian() / Math.sqrt(WIDTHS[l]);
        }
      }
    }
  }

  static double slopeFromOutput(double a) {
    return a * (1 - a);
  }

  static double slopeFlipped(double a) {
    return a * (a - 1);
  }

  double halfSquaredError(double[] x, double y) {
    double[] a = x;
    for (int l = 0; l < 3; l++) {
      double[] next = new double[WIDTHS[l + 1]];
      for (int j = 0; j < next.length; j++) {
        double s = offsets[l][j];
        for (int i = 0; i < a.length; i++) {
          s += weights[l][j][i] * a[i];
        }
        next[j] = l < 2 ? 1 / (1 + Math.exp(-s)) : s;
      }
      a = next;
    }
    return 0.5 * (a[0] - y) * (a[0] - y);
  }

  void step(double[] x, double y, double rate) {
    double[][] sums = new double[4][];
    double[][] outs = new double[4][];
    outs[0] = x;
    for (int l = 0; l < 3; l++) {
      sums[l + 1] = new double[WIDTHS[l + 1]];
      outs[l + 1] = new double[WIDTHS[l + 1]];
      for (int j = 0; j < WIDTHS[l + 1]; j++) {
        double s = offsets[l][j];
        for (int i = 0; i < WIDTHS[l]; i++) {
          s += weights[l][j][i] * outs[l][i];
        }
        sums[l + 1][j] = s;
        outs[l + 1][j] = l < 2 ? 1 / (1 + Math.exp(-s)) : s;
      }
    }
    double[] delta = {outs[3][0] - y};
    for (int l = 2; l >= 0; l--) {
      double[] back = new double[WIDTHS[l]];
      for (int j = 0; j < WIDTHS[l + 1]; j++) {
        for (int i = 0; i < WIDTHS[l]; i++) {
          back[i] += delta[j] * weights[l][j][i];
          weights[l][j][i] -= rate * delta[j] * outs[l][i];
        }
        offsets[l][j] -= rate * delta[j];
      }
      if (l > 0) {
        for (int i = 0; i < WIDTHS[l]; i++) {
          back[i] *=
              variant.equals("fedSums")
                  ? slopeFromOutput(sums[l][i])
                  : variant.equals("flipped") ? slopeFlipped(outs[l][i]) : slopeFromOutput(outs[l][i]);
        }
      }
      delta = back;
    }
  }

  public static void main(String[] args) {
    Random random = new Random(53);
    LayerwiseNet net = new LayerwiseNet(args.length > 0 ? args[0] : "ok", random);
    double[][] xs = new double[60][3];
    double[] ys = new double[xs.length];
    for (int n = 0; n < xs.length; n++) {
      for (int i = 0; i < 3; i++) {
        xs[n][i] = random.nextDouble() * 2 - 1;
      }
      ys[n] = xs[n][0] * xs[n][1] - 0.5 * xs[n][2];
    }
    for (int pass = 1; pass <= 30; pass++) {
      double sum = 0;
      for (int n = 0; n < xs.length; n++) {
        sum += net.halfSquaredError(xs[n], ys[n]);
        net.step(xs[n], ys[n], 0.1);
      }
      if (pass % 10 == 0) {
        System.out.println("pass " + pass + " error " + sum / xs.length);
      }
    }
  }
}
