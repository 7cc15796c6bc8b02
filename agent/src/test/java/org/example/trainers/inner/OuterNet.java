package org.example.trainers.inner;

import java.util.Random;

/**
 * A 3-4-1 tanh regressor whose weights live in the outer object and whose step is a method of
 * another class: {@code inner} (the default) trains through an inner class, reaching the weights
 * by its enclosing instance; {@code anonymous} through an anonymous {@code Runnable} that captured
 * the net in a local. {@code climbing} (with either) adds the output weights' gradient.
 */
public class OuterNet {
  static final int IN = 3;
  static final int HIDDEN = 4;
  final double[][] hidden = new double[HIDDEN][IN];
  final double[] output = new double[HIDDEN];
  final double[][] xs;
  final double[] ys;
  final boolean climbing;

  OuterNet(boolean climbing, Random random) {
    this.climbing = climbing;
    for (int j = 0; j < HIDDEN; j++) {
      for (int i = 0; i < IN; i++) {
        hidden[j][i] = random.nextGaussian() / Math.sqrt(IN);
      }
      output[j] = random.nextGaussian() / Math.sqrt(HIDDEN);
    }
    xs = new double[30][IN];
    ys = new double[30];
    for (int n = 0; n < xs.length; n++) {
      for (int i = 0; i < IN; i++) {
        xs[n][i] = random.nextDouble() * 2 - 1;
      }
      ys[n] = Math.sin(xs[n][0]) - 0.5 * xs[n][2];
    }
  }

  double loss() {
    double sum = 0;
    for (int n = 0; n < xs.length; n++) {
      double r = predict(xs[n]) - ys[n];
      sum += r * r;
    }
    return sum / (2 * xs.length);
  }

  double predict(double[] x) {
    double p = 0;
    for (int j = 0; j < HIDDEN; j++) {
      double z = 0;
      for (int i = 0; i < IN; i++) {
        z += hidden[j][i] * x[i];
      }
      p += output[j] * Math.tanh(z);
    }
    return p;
  }

  /** The optimiser, reaching the weights through the enclosing net. */
  class Trainer {
    final double rate = 0.1;

    void step() {
      double[][] gHidden = new double[HIDDEN][IN];
      double[] gOutput = new double[HIDDEN];
      for (int n = 0; n < xs.length; n++) {
        double[] h = new double[HIDDEN];
        double p = 0;
        for (int j = 0; j < HIDDEN; j++) {
          double z = 0;
          for (int i = 0; i < IN; i++) {
            z += hidden[j][i] * xs[n][i];
          }
          h[j] = Math.tanh(z);
          p += output[j] * h[j];
        }
        double d = (p - ys[n]) / xs.length;
        for (int j = 0; j < HIDDEN; j++) {
          gOutput[j] += d * h[j];
          double dz = d * output[j] * (1 - h[j] * h[j]);
          for (int i = 0; i < IN; i++) {
            gHidden[j][i] += dz * xs[n][i];
          }
        }
      }
      for (int j = 0; j < HIDDEN; j++) {
        output[j] += (climbing ? rate : -rate) * gOutput[j];
        for (int i = 0; i < IN; i++) {
          hidden[j][i] -= rate * gHidden[j][i];
        }
      }
    }
  }

  public static void main(String[] args) {
    java.util.List<String> options = java.util.List.of(args);
    OuterNet net = new OuterNet(options.contains("climbing"), new Random(5));
    Trainer trainer = net.new Trainer();
    Runnable step =
        options.contains("anonymous")
            ? new Runnable() {
                @Override
                public void run() {
                  net.new Trainer().step();
                }
              }
            : trainer::step;
    for (int t = 1; t <= 300; t++) {
      step.run();
      if (t % 50 == 0) {
        System.out.printf(java.util.Locale.ROOT, "step %d loss %.5f%n", t, net.loss());
      }
    }
  }
}
