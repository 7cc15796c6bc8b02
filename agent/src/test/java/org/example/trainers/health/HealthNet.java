package org.example.trainers.health;

import java.util.Random;

/**
 * A 6-16-16-3 classifier (sigmoid or ReLU hidden layers, softmax output, cross-entropy) trained by
 * minibatch gradient descent, for the training-health rules. Twins, one bug each: {@code hugeInit}
 * initialises the weights 25× too large; {@code negativeBias} starts every hidden bias at −6;
 * {@code summed} sums the gradient over the batch and applies it without a learning rate; {@code
 * tinyRate} uses a learning rate of 1e-9; {@code rawInputs} feeds the features unscaled (×100, like
 * raw pixel values 0–255 fed to a net initialised for inputs of unit scale); {@code wholeSoftmax}
 * normalises the softmax over the whole batch matrix instead of each row.
 */
public class HealthNet {
  final double[][][] weights;
  final double[][] biases;
  final boolean relu;
  final double rate;
  final boolean summed;
  final boolean wholeSoftmax;

  HealthNet(boolean relu, String variant) {
    this.relu = relu;
    int[] sizes = {6, 16, 16, 3};
    Random random = new Random(23);
    double scale = variant.equals("hugeInit") ? 25 : 1;
    weights = new double[3][][];
    biases = new double[3][];
    for (int l = 0; l < 3; l++) {
      weights[l] = new double[sizes[l]][sizes[l + 1]];
      biases[l] = new double[sizes[l + 1]];
      double std = scale * Math.sqrt((relu ? 2.0 : 1.0) / sizes[l]);
      for (double[] row : weights[l]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = random.nextGaussian() * std;
        }
      }
      if (variant.equals("negativeBias") && l < 2) {
        java.util.Arrays.fill(biases[l], -6);
      }
    }
    this.summed = variant.equals("summed");
    this.wholeSoftmax = variant.equals("wholeSoftmax");
    this.rate = variant.equals("tinyRate") ? 1e-9 : summed ? 1 : 0.5;
  }

  double[][] affine(double[][] a, int l) {
    double[][] z = new double[a.length][biases[l].length];
    for (int n = 0; n < a.length; n++) {
      for (int j = 0; j < biases[l].length; j++) {
        double s = biases[l][j];
        for (int i = 0; i < a[n].length; i++) {
          s += a[n][i] * weights[l][i][j];
        }
        z[n][j] = s;
      }
    }
    return z;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  static double relu(double z) {
    return z > 0 ? z : 0;
  }

  double[][] activate(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < z[0].length; j++) {
        a[n][j] = relu ? relu(z[n][j]) : sigmoid(z[n][j]);
      }
    }
    return a;
  }

  double[][] softmax(double[][] s) {
    double[][] p = new double[s.length][s[0].length];
    if (wholeSoftmax) {
      double sum = 0;
      for (int n = 0; n < s.length; n++) {
        for (int k = 0; k < s[n].length; k++) {
          p[n][k] = Math.exp(s[n][k]);
          sum += p[n][k];
        }
      }
      for (int n = 0; n < s.length; n++) {
        for (int k = 0; k < s[n].length; k++) {
          p[n][k] /= sum;
        }
      }
      return p;
    }
    for (int n = 0; n < s.length; n++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s[n]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int k = 0; k < s[n].length; k++) {
        p[n][k] = Math.exp(s[n][k] - max);
        sum += p[n][k];
      }
      for (int k = 0; k < s[n].length; k++) {
        p[n][k] /= sum;
      }
    }
    return p;
  }

  double crossEntropy(double[][] x, int[] labels) {
    double[][] p = softmax(affine(activate(affine(activate(affine(x, 0)), 1)), 2));
    double sum = 0;
    for (int n = 0; n < x.length; n++) {
      sum -= Math.log(Math.max(p[n][labels[n]], 1e-300));
    }
    return sum / x.length;
  }

  void minibatch(double[][] x, int[] labels) {
    double[][] z1 = affine(x, 0);
    double[][] a1 = activate(z1);
    double[][] z2 = affine(a1, 1);
    double[][] a2 = activate(z2);
    double[][] probabilities = softmax(affine(a2, 2));
    int batch = x.length;
    double scale = summed ? 1 : 1.0 / batch;
    double[][] delta = new double[batch][3];
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < 3; k++) {
        delta[n][k] = (probabilities[n][k] - (labels[n] == k ? 1 : 0)) * scale;
      }
    }
    double[][][] inputs = {x, a1, a2};
    double[][][] outputs = {null, a1, a2};
    for (int l = 2; l >= 0; l--) {
      double[][] below = null;
      if (l > 0) {
        below = new double[batch][weights[l].length];
        for (int n = 0; n < batch; n++) {
          for (int i = 0; i < weights[l].length; i++) {
            double s = 0;
            for (int j = 0; j < biases[l].length; j++) {
              s += delta[n][j] * weights[l][i][j];
            }
            double a = outputs[l][n][i];
            below[n][i] = s * (relu ? (a > 0 ? 1 : 0) : a * (1 - a));
          }
        }
      }
      for (int n = 0; n < batch; n++) {
        for (int j = 0; j < biases[l].length; j++) {
          biases[l][j] -= rate * delta[n][j];
          for (int i = 0; i < weights[l].length; i++) {
            weights[l][i][j] -= rate * inputs[l][n][i] * delta[n][j];
          }
        }
      }
      delta = below;
    }
  }

  /** {@code main sigmoid|relu [variant] [epochs]}: 4 minibatches of 16 per epoch. */
  public static void main(String[] args) {
    boolean relu = args.length > 0 && args[0].equals("relu");
    String variant = args.length > 1 ? args[1] : "ok";
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Random data = new Random(29);
    double[][] x = new double[64][6];
    int[] labels = new int[64];
    for (int n = 0; n < 64; n++) {
      labels[n] = n % 3;
      for (int i = 0; i < 6; i++) {
        x[n][i] = data.nextGaussian() + (i % 3 == labels[n] ? 1 : 0);
        if (variant.equals("rawInputs")) {
          x[n][i] *= 100;
        }
      }
    }
    HealthNet net = new HealthNet(relu, variant);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double total = 0;
      for (int start = 0; start < 64; start += 16) {
        double[][] bx = java.util.Arrays.copyOfRange(x, start, start + 16);
        int[] by = java.util.Arrays.copyOfRange(labels, start, start + 16);
        net.minibatch(bx, by);
        total += net.crossEntropy(bx, by);
      }
      System.out.println("epoch " + epoch + " mean cross-entropy " + total / 4);
    }
  }
}
