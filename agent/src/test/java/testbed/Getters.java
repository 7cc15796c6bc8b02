package testbed;

/** Getters and look-alikes, for which methods get probes at all. */
public class Getters {
  static final double[] SHARED = {1, 2};
  final double[] weights = {0.5, -0.5};
  final double rate = 0.1;

  record Layer(double[][] w, double bias) {}

  double[] weights() {
    return weights;
  }

  static double[] shared() {
    return SHARED;
  }

  double rate() {
    return rate;
  }

  double[] copy() {
    return weights.clone();
  }

  double[] other(Getters g) {
    return g.weights;
  }
}
