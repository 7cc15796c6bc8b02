package org.example.trainers.late;

import java.util.Random;

/**
 * A linear regressor on its own data that reports its cost only every 100 steps, long after the
 * agent has chosen the step, and also reports its accuracy within a tolerance (a scalar too,
 * printed first). Twins: {@code ok}; {@code climb} adds the gradient instead of subtracting it.
 */
public class SparseReport {
  static final int FEATURES = 4;
  final double[] theta = new double[FEATURES];
  final double[][] x = new double[40][FEATURES];
  final double[] y = new double[40];
  final String variant;

  SparseReport(String variant) {
    this.variant = variant;
    Random random = new Random(3);
    double[] truth = {0.5, -1.0, 2.0, 0.25};
    for (int n = 0; n < x.length; n++) {
      for (int i = 0; i < FEATURES; i++) {
        x[n][i] = random.nextGaussian();
        y[n] += truth[i] * x[n][i];
      }
    }
  }

  double cost() {
    double sum = 0;
    for (int n = 0; n < x.length; n++) {
      double r = predict(x[n]) - y[n];
      sum += r * r;
    }
    return sum / x.length;
  }

  double withinTolerance() {
    int close = 0;
    for (int n = 0; n < x.length; n++) {
      if (Math.abs(predict(x[n]) - y[n]) < 0.1) {
        close++;
      }
    }
    return close / (double) x.length;
  }

  double predict(double[] row) {
    double p = 0;
    for (int i = 0; i < FEATURES; i++) {
      p += theta[i] * row[i];
    }
    return p;
  }

  void improve(double rate) {
    double[] gradient = new double[FEATURES];
    for (int n = 0; n < x.length; n++) {
      double r = predict(x[n]) - y[n];
      for (int i = 0; i < FEATURES; i++) {
        gradient[i] += 2 * r * x[n][i] / x.length;
      }
    }
    double sign = variant.equals("climb") ? 1 : -1;
    for (int i = 0; i < FEATURES; i++) {
      theta[i] += sign * rate * gradient[i];
    }
  }

  public static void main(String[] args) {
    SparseReport model = new SparseReport(args.length > 0 ? args[0] : "ok");
    for (int step = 1; step <= 600; step++) {
      model.improve(0.001);
      if (step % 100 == 0) {
        double within = model.withinTolerance();
        System.out.println("step " + step + " within " + within + " cost " + model.cost());
      }
    }
  }
}
