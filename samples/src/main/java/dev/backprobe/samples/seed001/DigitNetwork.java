package dev.backprobe.samples.seed001;

import java.util.Random;

/**
 * Seed 001 as posted: a 784-16-10 sigmoid network without biases, trained on the whole set at once.
 * The update adds the raw back-propagated sums: no learning rate, summed (not averaged) over every
 * example, so the first step moves the weights by hundreds.
 */
class DigitNetwork {
  final Random random;
  double[][] weights1;
  double[][] weights2;

  DigitNetwork(int inputs, int hidden, int outputs, long seed) {
    random = new Random(seed);
    // weights1 = 2 * np.random.random((784, 16)) - 1; weights2 likewise (16, 10).
    weights1 = randomWeights(inputs, hidden);
    weights2 = randomWeights(hidden, outputs);
  }

  /** One pass of the asker's `for i in range(n)` loop; returns trained_outputs. */
  double[][] train(double[][] inputLayer, double[][] outputs) {
    double[][] trainedHidden = sigmoid(dot(inputLayer, weights1));
    double[][] trainedOutputs = sigmoid(dot(trainedHidden, weights2));

    double[][] oAdjustments = new double[trainedOutputs.length][trainedOutputs[0].length];
    for (int i = 0; i < trainedOutputs.length; i++) {
      for (int j = 0; j < trainedOutputs[i].length; j++) {
        double oError = outputs[i][j] - trainedOutputs[i][j];
        oAdjustments[i][j] = oError * sigmoidDerivative(trainedOutputs[i][j]);
      }
    }
    double[][] hError = dot(oAdjustments, transpose(weights2));
    double[][] hAdjustments = new double[hError.length][hError[0].length];
    for (int i = 0; i < hError.length; i++) {
      for (int j = 0; j < hError[i].length; j++) {
        hAdjustments[i][j] = hError[i][j] * sigmoidDerivative(trainedHidden[i][j]);
      }
    }
    double[][] w1 = dot(transpose(inputLayer), hAdjustments);
    double[][] w2 = dot(transpose(trainedHidden), oAdjustments);

    // weights1 += w1; weights2 += w2: no learning rate, and w1, w2 are sums over every example.
    addInPlace(weights1, w1);
    addInPlace(weights2, w2);
    return trainedOutputs;
  }

  /** Mean squared error of the current weights: what the asker would have printed as a loss. */
  double loss(double[][] inputs, double[][] outputs) {
    double[][] predicted = sigmoid(dot(sigmoid(dot(inputs, weights1)), weights2));
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      for (int j = 0; j < predicted[i].length; j++) {
        sum += (outputs[i][j] - predicted[i][j]) * (outputs[i][j] - predicted[i][j]);
      }
    }
    return sum / (predicted.length * predicted[0].length);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Takes the sigmoid's output, as the asker's does: x * (1 - x). */
  static double sigmoidDerivative(double x) {
    return x * (1 - x);
  }

  static double[][] sigmoid(double[][] x) {
    double[][] a = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        a[i][j] = sigmoid(x[i][j]);
      }
    }
    return a;
  }

  double[][] randomWeights(int rows, int cols) {
    double[][] w = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        w[r][c] = 2 * random.nextDouble() - 1;
      }
    }
    return w;
  }

  static void addInPlace(double[][] target, double[][] delta) {
    for (int r = 0; r < target.length; r++) {
      for (int c = 0; c < target[r].length; c++) {
        target[r][c] += delta[r][c];
      }
    }
  }

  static double[][] dot(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      double[] row = out[i];
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        double[] bk = b[k];
        for (int j = 0; j < m; j++) {
          row[j] += aik * bk[j];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }
}
