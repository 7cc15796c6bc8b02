package org.example.trainers.leak;

import java.util.Random;

/**
 * A 1-8-1 regression whose hidden layer leaks with slope 0.1, trained by full-batch gradient
 * descent. Twins: {@code ok}; {@code slope} back-propagates through {@code gradLeakTypo}, whose
 * slope for z &lt; 0 is 0.3 — the derivative of another leaky ReLU than the forward pass's.
 */
public class LeakyNet {
  static final int HIDDEN = 8;
  static final double LEAK = 0.1;
  final double[] inWeights = new double[HIDDEN];
  final double[] inBiases = new double[HIDDEN];
  final double[] outWeights = new double[HIDDEN];
  final boolean typo;

  LeakyNet(String variant, Random random) {
    typo = variant.equals("slope");
    for (int j = 0; j < HIDDEN; j++) {
      inWeights[j] = random.nextGaussian();
      inBiases[j] = random.nextGaussian() * 0.5;
      outWeights[j] = random.nextGaussian() * 0.5;
    }
  }

  static double leaky(double z) {
    return z > 0 ? z : LEAK * z;
  }

  static double gradLeak(double z) {
    return z > 0 ? 1 : LEAK;
  }

  static double gradLeakTypo(double z) {
    return z > 0 ? 1 : 0.3;
  }

  double squaredError(double[] xs, double[] ys) {
    double sum = 0;
    for (int n = 0; n < xs.length; n++) {
      double out = 0;
      for (int j = 0; j < HIDDEN; j++) {
        out += outWeights[j] * leaky(inWeights[j] * xs[n] + inBiases[j]);
      }
      sum += (out - ys[n]) * (out - ys[n]) / 2;
    }
    return sum / xs.length;
  }

  void descend(double[] xs, double[] ys, double rate) {
    double[] gIn = new double[HIDDEN];
    double[] gBias = new double[HIDDEN];
    double[] gOut = new double[HIDDEN];
    for (int n = 0; n < xs.length; n++) {
      double[] z = new double[HIDDEN];
      double out = 0;
      for (int j = 0; j < HIDDEN; j++) {
        z[j] = inWeights[j] * xs[n] + inBiases[j];
        out += outWeights[j] * leaky(z[j]);
      }
      double err = (out - ys[n]) / xs.length;
      for (int j = 0; j < HIDDEN; j++) {
        gOut[j] += err * leaky(z[j]);
        double back = err * outWeights[j] * (typo ? gradLeakTypo(z[j]) : gradLeak(z[j]));
        gIn[j] += back * xs[n];
        gBias[j] += back;
      }
    }
    for (int j = 0; j < HIDDEN; j++) {
      inWeights[j] -= rate * gIn[j];
      inBiases[j] -= rate * gBias[j];
      outWeights[j] -= rate * gOut[j];
    }
  }

  public static void main(String[] args) {
    Random random = new Random(31);
    LeakyNet net = new LeakyNet(args.length > 0 ? args[0] : "ok", random);
    double[] xs = new double[50];
    double[] ys = new double[xs.length];
    for (int n = 0; n < xs.length; n++) {
      xs[n] = random.nextDouble() * 4 - 2;
      ys[n] = Math.abs(xs[n]) - 1;
    }
    for (int it = 1; it <= 200; it++) {
      net.descend(xs, ys, 0.05);
      if (it % 50 == 0) {
        System.out.println("iteration " + it + " error " + net.squaredError(xs, ys));
      }
    }
  }
}
