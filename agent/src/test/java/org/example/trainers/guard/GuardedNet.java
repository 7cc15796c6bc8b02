package org.example.trainers.guard;

import java.util.Random;

/**
 * A logistic regression whose loss refuses to be evaluated more than twice between two steps (a
 * guard some trainers keep against accidental recomputation): the agent's replay of the loss
 * throws, while the trainer itself never trips it. Draws a fresh minibatch from its own {@link
 * Random} at every step.
 */
public class GuardedNet {
  static final int MAX_EVALUATIONS_PER_STEP = 2;
  final double[] weights = new double[5];
  double bias;
  int evaluations;
  final Random sampler = new Random(77);

  static double logistic(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  double logLoss(double[][] x, double[] y) {
    if (++evaluations > MAX_EVALUATIONS_PER_STEP) {
      throw new IllegalStateException("loss evaluated " + evaluations + " times in one step");
    }
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      double p = logistic(dot(x[n]));
      sum -= y[n] * Math.log(p) + (1 - y[n]) * Math.log(1 - p);
    }
    return sum / y.length;
  }

  double dot(double[] row) {
    double z = bias;
    for (int i = 0; i < 5; i++) {
      z += weights[i] * row[i];
    }
    return z;
  }

  void trainStep(double[][] x, double[] y) {
    evaluations = 0;
    double[] g = new double[5];
    double gb = 0;
    for (int n = 0; n < y.length; n++) {
      double d = (logistic(dot(x[n])) - y[n]) / y.length;
      gb += d;
      for (int i = 0; i < 5; i++) {
        g[i] += d * x[n][i];
      }
    }
    for (int i = 0; i < 5; i++) {
      weights[i] -= 0.5 * g[i];
    }
    bias -= 0.5 * gb;
  }

  /** {@code main [steps]}. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    GuardedNet net = new GuardedNet();
    for (int s = 1; s <= steps; s++) {
      double[][] x = new double[8][5];
      double[] y = new double[8];
      for (int n = 0; n < 8; n++) {
        for (int i = 0; i < 5; i++) {
          x[n][i] = net.sampler.nextGaussian();
        }
        y[n] = x[n][0] - x[n][3] > 0 ? 1 : 0;
      }
      net.trainStep(x, y);
      System.out.println(s + " " + net.logLoss(x, y) + " " + net.sampler.nextInt(100));
    }
  }
}
