package org.example.trainers.regression;

import java.util.Random;

/**
 * Linear least squares fitted by gradient descent. The correct learning rate is 0.05; the {@code
 * overshoot} twin uses 1.0, above 2/λ_max of the features' covariance, so every step overshoots
 * the minimum by more than it started from and the loss grows geometrically.
 */
public class LinearFit {
  final double[] coefficients = new double[3];
  double intercept;
  final double learningRate;

  LinearFit(double learningRate) {
    this.learningRate = learningRate;
  }

  double residualSquares(double[][] x, double[] y) {
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      double r = predict(x[n]) - y[n];
      sum += r * r;
    }
    return sum / (2 * y.length);
  }

  double predict(double[] row) {
    double p = intercept;
    for (int i = 0; i < 3; i++) {
      p += coefficients[i] * row[i];
    }
    return p;
  }

  void improve(double[][] x, double[] y) {
    double[] g = new double[3];
    double gi = 0;
    for (int n = 0; n < y.length; n++) {
      double r = (predict(x[n]) - y[n]) / y.length;
      gi += r;
      for (int i = 0; i < 3; i++) {
        g[i] += r * x[n][i];
      }
    }
    for (int i = 0; i < 3; i++) {
      coefficients[i] -= learningRate * g[i];
    }
    intercept -= learningRate * gi;
  }

  /** {@code main [ok|overshoot] [steps]}. */
  public static void main(String[] args) {
    boolean overshoot = args.length > 0 && args[0].equals("overshoot");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Random data = new Random(12);
    double[][] x = new double[40][3];
    double[] y = new double[40];
    for (int n = 0; n < 40; n++) {
      for (int i = 0; i < 3; i++) {
        x[n][i] = data.nextGaussian() * 1.5;
      }
      y[n] = 2 * x[n][0] - x[n][1] + 0.5 * x[n][2] + 1 + data.nextGaussian() * 0.1;
    }
    LinearFit fit = new LinearFit(overshoot ? 1.0 : 0.05);
    for (int s = 1; s <= steps; s++) {
      fit.improve(x, y);
      System.out.println("step " + s + " residual " + fit.residualSquares(x, y));
    }
  }
}
