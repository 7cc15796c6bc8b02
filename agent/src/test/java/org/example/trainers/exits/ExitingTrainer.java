package org.example.trainers.exits;

/** A one-weight fit that ends with {@code System.exit(0)}, or with an exception out of main. */
public class ExitingTrainer {
  double[] w = {0.0, 0.0};

  double fitLoss(double[] x, double[] y) {
    double sum = 0;
    for (int n = 0; n < x.length; n++) {
      double r = w[0] * x[n] + w[1] - y[n];
      sum += r * r;
    }
    return sum / x.length;
  }

  void fitStep(double[] x, double[] y) {
    double g0 = 0;
    double g1 = 0;
    for (int n = 0; n < x.length; n++) {
      double r = w[0] * x[n] + w[1] - y[n];
      g0 += 2 * r * x[n] / x.length;
      g1 += 2 * r / x.length;
    }
    w[0] -= 0.1 * g0;
    w[1] -= 0.1 * g1;
  }

  /** {@code main exit|throw}. */
  public static void main(String[] args) {
    double[] x = {-1, -0.5, 0, 0.5, 1, 1.5};
    double[] y = {-1, 0, 1, 2, 3, 4};
    ExitingTrainer t = new ExitingTrainer();
    for (int s = 1; s <= 25; s++) {
      t.fitStep(x, y);
      System.out.println(s + " " + t.fitLoss(x, y));
    }
    if (args.length > 0 && args[0].equals("throw")) {
      throw new IllegalStateException("the trainer gave up after training");
    }
    System.exit(0);
  }
}
