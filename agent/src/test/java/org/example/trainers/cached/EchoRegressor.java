package org.example.trainers.cached;

import java.util.Random;

/**
 * A 2-5-1 sigmoid regression trained one example at a time, whose forward pass {@code infer}
 * caches the hidden layer in the field {@code hiddenOut}, and whose main loop measures the error of
 * an example just before learning from it: {@code error(x, y)} then {@code adjust(x, y)}, both
 * calling {@code infer(x)}. So the first {@code adjust} leaves {@code hiddenOut} as {@code error}
 * left it, and seems to change other arrays than the loss rather than more. Twins: {@code ok};
 * {@code climb} adds the output weights' gradient instead of subtracting it.
 */
public class EchoRegressor {
  static final int IN = 2;
  static final int HIDDEN = 5;
  final double[][] weightsIn = new double[HIDDEN][IN + 1];
  final double[] weightsOut = new double[HIDDEN + 1];
  final double[] hiddenOut = new double[HIDDEN];
  final double outSign;

  EchoRegressor(String variant, Random random) {
    outSign = variant.equals("climb") ? 1 : -1;
    for (double[] row : weightsIn) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextGaussian() * 0.8;
      }
    }
    for (int j = 0; j < weightsOut.length; j++) {
      weightsOut[j] = random.nextGaussian() * 0.5;
    }
  }

  static double logistic(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  double infer(double[] x) {
    double out = weightsOut[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      double z = weightsIn[j][IN];
      for (int i = 0; i < IN; i++) {
        z += weightsIn[j][i] * x[i];
      }
      hiddenOut[j] = logistic(z);
      out += weightsOut[j] * hiddenOut[j];
    }
    return out;
  }

  double error(double[] x, double y) {
    double d = infer(x) - y;
    return d * d / 2;
  }

  void adjust(double[] x, double y, double rate) {
    double d = infer(x) - y;
    for (int j = 0; j < HIDDEN; j++) {
      double back = d * weightsOut[j] * hiddenOut[j] * (1 - hiddenOut[j]);
      for (int i = 0; i < IN; i++) {
        weightsIn[j][i] -= rate * back * x[i];
      }
      weightsIn[j][IN] -= rate * back;
      weightsOut[j] += outSign * rate * d * hiddenOut[j];
    }
    weightsOut[HIDDEN] += outSign * rate * d;
  }

  public static void main(String[] args) {
    Random random = new Random(23);
    EchoRegressor net = new EchoRegressor(args.length > 0 ? args[0] : "ok", random);
    double[][] xs = new double[40][IN];
    double[] ys = new double[xs.length];
    for (int n = 0; n < xs.length; n++) {
      xs[n][0] = random.nextDouble() * 2 - 1;
      xs[n][1] = random.nextDouble() * 2 - 1;
      ys[n] = xs[n][0] * xs[n][1] + 0.3;
    }
    for (int pass = 1; pass <= 40; pass++) {
      double sum = 0;
      for (int n = 0; n < xs.length; n++) {
        sum += net.error(xs[n], ys[n]);
        net.adjust(xs[n], ys[n], 0.2);
      }
      if (pass % 10 == 0) {
        System.out.println("pass " + pass + " error " + sum / xs.length);
      }
    }
  }
}
