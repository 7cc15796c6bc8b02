package org.example.trainers.selfloss;

import java.util.Random;

/**
 * A 2-16-1 ReLU regressor whose step returns the batch's loss, measured before its update, and
 * which has no loss method of its own: the step is its own loss. Minibatches of 16 drawn at
 * random, so every step sees another batch. The layer keeps its input by reference and its
 * gradients in fields, as layer classes do. Twins: {@code ok}; {@code climbing} adds the output
 * weights' gradient instead of subtracting it.
 */
public class SelfScoringNet {
  static final int IN = 2;
  static final int HIDDEN = 16;
  static final int BATCH = 16;
  static final double RATE = 0.05;
  final double[][] hiddenWeights = new double[HIDDEN][IN];
  final double[] hiddenBias = new double[HIDDEN];
  final double[] outputWeights = new double[HIDDEN];
  final double[] outputBias = new double[1];
  /** The last batch, by reference: not a parameter. */
  double[][] lastInput;
  /** Gradient buffers, rewritten by every step: not parameters. */
  final double[][] hiddenGradient = new double[HIDDEN][IN];
  final double[] outputGradient = new double[HIDDEN];
  final boolean climbing;

  SelfScoringNet(boolean climbing, Random random) {
    this.climbing = climbing;
    for (int j = 0; j < HIDDEN; j++) {
      for (int i = 0; i < IN; i++) {
        hiddenWeights[j][i] = random.nextGaussian() * Math.sqrt(2.0 / IN);
      }
      outputWeights[j] = random.nextGaussian() / Math.sqrt(HIDDEN);
      hiddenBias[j] = 0.1;
    }
  }

  /** One SGD step on a batch; returns the batch's mean squared error before the update. */
  double fit(double[][] xs, double[] ys) {
    lastInput = xs;
    for (double[] row : hiddenGradient) {
      java.util.Arrays.fill(row, 0);
    }
    java.util.Arrays.fill(outputGradient, 0);
    double[] hiddenBiasGradient = new double[HIDDEN];
    double outputBiasGradient = 0;
    double loss = 0;
    double[] h = new double[HIDDEN];
    for (int n = 0; n < xs.length; n++) {
      double p = outputBias[0];
      for (int j = 0; j < HIDDEN; j++) {
        double z = hiddenBias[j];
        for (int i = 0; i < IN; i++) {
          z += hiddenWeights[j][i] * xs[n][i];
        }
        h[j] = z > 0 ? z : 0;
        p += outputWeights[j] * h[j];
      }
      double e = p - ys[n];
      loss += e * e / xs.length;
      double dp = 2 * e / xs.length;
      outputBiasGradient += dp;
      for (int j = 0; j < HIDDEN; j++) {
        outputGradient[j] += dp * h[j];
        double dz = h[j] > 0 ? dp * outputWeights[j] : 0;
        hiddenBiasGradient[j] += dz;
        for (int i = 0; i < IN; i++) {
          hiddenGradient[j][i] += dz * xs[n][i];
        }
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      outputWeights[j] += (climbing ? RATE : -RATE) * outputGradient[j];
      hiddenBias[j] -= RATE * hiddenBiasGradient[j];
      for (int i = 0; i < IN; i++) {
        hiddenWeights[j][i] -= RATE * hiddenGradient[j][i];
      }
    }
    outputBias[0] -= RATE * outputBiasGradient;
    return loss;
  }

  public static void main(String[] args) {
    boolean climbing = args.length > 0 && args[0].equals("climbing");
    Random random = new Random(11);
    int examples = 200;
    double[][] xs = new double[examples][IN];
    double[] ys = new double[examples];
    for (int n = 0; n < examples; n++) {
      xs[n][0] = random.nextDouble() * 2 - 1;
      xs[n][1] = random.nextDouble() * 2 - 1;
      ys[n] = Math.sin(2 * xs[n][0]) + xs[n][1] * xs[n][1];
    }
    SelfScoringNet net = new SelfScoringNet(climbing, random);
    double sum = 0;
    for (int step = 1; step <= 600; step++) {
      double[][] batchX = new double[BATCH][];
      double[] batchY = new double[BATCH];
      for (int k = 0; k < BATCH; k++) {
        int pick = random.nextInt(examples);
        batchX[k] = xs[pick];
        batchY[k] = ys[pick];
      }
      sum += net.fit(batchX, batchY);
      if (step % 100 == 0) {
        System.out.printf(java.util.Locale.ROOT, "step %d mse %.5f%n", step, sum / 100);
        sum = 0;
      }
    }
  }
}
