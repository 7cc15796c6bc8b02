package org.example.trainers.dropout;

import java.util.Random;

/**
 * A 2-16-1 tanh regression on minibatches of 8 with inverted dropout on the hidden layer (keep
 * 0.7, masks drawn from the model's own {@link Random}); the loss it reports has no dropout. Twins:
 * {@code ok}; {@code climb} adds the output weights' gradient instead of subtracting it.
 */
public class DropoutRegressor {
  static final int HIDDEN = 16;
  static final double KEEP = 0.7;
  final double[][] inner = new double[HIDDEN][2];
  final double[] innerBias = new double[HIDDEN];
  final double[] outer = new double[HIDDEN];
  final Random masks;
  final double outSign;

  DropoutRegressor(String variant, long seed) {
    outSign = variant.equals("climb") ? 1 : -1;
    masks = new Random(seed);
    Random init = new Random(seed + 1);
    for (int j = 0; j < HIDDEN; j++) {
      inner[j][0] = init.nextGaussian();
      inner[j][1] = init.nextGaussian();
      outer[j] = init.nextGaussian() * 0.3;
    }
  }

  double meanSquaredError(double[][] xs, double[] ys) {
    double sum = 0;
    for (int n = 0; n < xs.length; n++) {
      double out = 0;
      for (int j = 0; j < HIDDEN; j++) {
        out += outer[j] * Math.tanh(inner[j][0] * xs[n][0] + inner[j][1] * xs[n][1] + innerBias[j]);
      }
      sum += (out - ys[n]) * (out - ys[n]) / 2;
    }
    return sum / xs.length;
  }

  void trainBatch(double[][] xs, double[] ys, double rate) {
    double[][] gInner = new double[HIDDEN][2];
    double[] gBias = new double[HIDDEN];
    double[] gOuter = new double[HIDDEN];
    for (int n = 0; n < xs.length; n++) {
      double[] h = new double[HIDDEN];
      double[] mask = new double[HIDDEN];
      double out = 0;
      for (int j = 0; j < HIDDEN; j++) {
        mask[j] = masks.nextDouble() < KEEP ? 1 / KEEP : 0;
        h[j] = Math.tanh(inner[j][0] * xs[n][0] + inner[j][1] * xs[n][1] + innerBias[j]);
        out += outer[j] * h[j] * mask[j];
      }
      double d = (out - ys[n]) / xs.length;
      for (int j = 0; j < HIDDEN; j++) {
        gOuter[j] += d * h[j] * mask[j];
        double back = d * outer[j] * mask[j] * (1 - h[j] * h[j]);
        gBias[j] += back;
        gInner[j][0] += back * xs[n][0];
        gInner[j][1] += back * xs[n][1];
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      inner[j][0] -= rate * gInner[j][0];
      inner[j][1] -= rate * gInner[j][1];
      innerBias[j] -= rate * gBias[j];
      outer[j] += outSign * rate * gOuter[j];
    }
  }

  public static void main(String[] args) {
    DropoutRegressor net = new DropoutRegressor(args.length > 0 ? args[0] : "ok", 71);
    Random data = new Random(72);
    double[][] xs = new double[64][2];
    double[] ys = new double[xs.length];
    for (int n = 0; n < xs.length; n++) {
      xs[n][0] = data.nextDouble() * 2 - 1;
      xs[n][1] = data.nextDouble() * 2 - 1;
      ys[n] = Math.sin(2 * xs[n][0]) + 0.5 * xs[n][1];
    }
    for (int epoch = 1; epoch <= 60; epoch++) {
      for (int start = 0; start < xs.length; start += 8) {
        double[][] bx = java.util.Arrays.copyOfRange(xs, start, start + 8);
        double[] by = java.util.Arrays.copyOfRange(ys, start, start + 8);
        net.trainBatch(bx, by, 0.1);
      }
      if (epoch % 20 == 0) {
        System.out.println("epoch " + epoch + " loss " + net.meanSquaredError(xs, ys));
      }
    }
  }
}
