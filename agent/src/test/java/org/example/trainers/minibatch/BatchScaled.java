package org.example.trainers.minibatch;

import java.util.Random;

/**
 * A 3-5-1 tanh regressor trained by plain SGD on minibatches of 10, every update parallel to the
 * gradient. Twins: {@code ok}; {@code summedBias} sums the hidden biases' gradient over the batch
 * while every other gradient is averaged (their learning rate is 10× the others'); {@code
 * biasRate} gives the hidden biases a learning rate of their own on purpose (5× the weights').
 */
public class BatchScaled {
  static final int IN = 3;
  static final int HIDDEN = 5;
  static final int BATCH = 10;
  final double[][] first = new double[HIDDEN][IN];
  final double[] firstBias = new double[HIDDEN];
  final double[] second = new double[HIDDEN];
  final double[] secondBias = new double[1];
  final String variant;

  BatchScaled(String variant) {
    this.variant = variant;
    Random random = new Random(17);
    for (int j = 0; j < HIDDEN; j++) {
      for (int i = 0; i < IN; i++) {
        first[j][i] = random.nextGaussian() / Math.sqrt(IN);
      }
      second[j] = random.nextGaussian() / Math.sqrt(HIDDEN);
    }
  }

  double predict(double[] x, double[] h) {
    double p = secondBias[0];
    for (int j = 0; j < HIDDEN; j++) {
      double z = firstBias[j];
      for (int i = 0; i < IN; i++) {
        z += first[j][i] * x[i];
      }
      h[j] = Math.tanh(z);
      p += second[j] * h[j];
    }
    return p;
  }

  double meanSquare(double[][] xs, double[] ys) {
    double sum = 0;
    double[] h = new double[HIDDEN];
    for (int n = 0; n < xs.length; n++) {
      double r = predict(xs[n], h) - ys[n];
      sum += r * r;
    }
    return sum / (2 * xs.length);
  }

  void fitBatch(double[][] xs, double[] ys, double rate) {
    double[][] gFirst = new double[HIDDEN][IN];
    double[] gFirstBias = new double[HIDDEN];
    double[] gSecond = new double[HIDDEN];
    double gSecondBias = 0;
    double[] h = new double[HIDDEN];
    int n = xs.length;
    for (int e = 0; e < n; e++) {
      double d = (predict(xs[e], h) - ys[e]) / n;
      gSecondBias += d;
      for (int j = 0; j < HIDDEN; j++) {
        gSecond[j] += d * h[j];
        double back = d * second[j] * (1 - h[j] * h[j]);
        gFirstBias[j] += variant.equals("summedBias") ? back * n : back;
        for (int i = 0; i < IN; i++) {
          gFirst[j][i] += back * xs[e][i];
        }
      }
    }
    double biasRate = variant.equals("biasRate") ? 5 * rate : rate;
    for (int j = 0; j < HIDDEN; j++) {
      for (int i = 0; i < IN; i++) {
        first[j][i] -= rate * gFirst[j][i];
      }
      firstBias[j] -= biasRate * gFirstBias[j];
      second[j] -= rate * gSecond[j];
    }
    secondBias[0] -= rate * gSecondBias;
  }

  public static void main(String[] args) {
    BatchScaled model = new BatchScaled(args.length > 0 ? args[0] : "ok");
    Random data = new Random(23);
    double[][] xs = new double[200][IN];
    double[] ys = new double[200];
    for (int n = 0; n < xs.length; n++) {
      for (int i = 0; i < IN; i++) {
        xs[n][i] = data.nextGaussian();
      }
      ys[n] = Math.tanh(xs[n][0] - xs[n][1]) + 0.3 * xs[n][2];
    }
    for (int epoch = 0; epoch < 15; epoch++) {
      double sum = 0;
      for (int s = 0; s < xs.length; s += BATCH) {
        double[][] xb = java.util.Arrays.copyOfRange(xs, s, s + BATCH);
        double[] yb = java.util.Arrays.copyOfRange(ys, s, s + BATCH);
        model.fitBatch(xb, yb, 0.2);
        sum += model.meanSquare(xb, yb);
      }
      if (epoch % 5 == 0) {
        System.out.printf("epoch %d cost %.5f%n", epoch, sum / (xs.length / BATCH));
      }
    }
  }
}
