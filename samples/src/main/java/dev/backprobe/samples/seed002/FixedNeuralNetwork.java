package dev.backprobe.samples.seed002;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seed 002 fixed: {@link NeuralNetwork} with the two changes marked FIX. {@code dersgm} now takes
 * the sigmoid's output, as every caller passes it, and returns the positive derivative; the update
 * then has to subtract.
 */
class FixedNeuralNetwork {
  int layers;
  int[] shape;
  List<double[][]> weights = new ArrayList<>();

  List<double[][]> layerIn = new ArrayList<>();
  List<double[][]> layerOut = new ArrayList<>();

  final Random random;

  FixedNeuralNetwork(int[] shape, long seed) {
    this.shape = shape;
    this.layers = shape.length - 1;
    this.random = new Random(seed);
    for (int i = 0; i < layers; i++) {
      int n = shape[i];
      int m = shape[i + 1];
      // np.random.normal(scale=0.2, size=(m, n+1)): the last column is the bias.
      double[][] w = new double[m][n + 1];
      for (int r = 0; r < m; r++) {
        for (int c = 0; c <= n; c++) {
          w[r][c] = random.nextGaussian() * 0.2;
        }
      }
      weights.add(w);
    }
  }

  double sgm(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  // FIX: the derivative of the sigmoid from its output y = sgm(z): y * (1 - y). The posted version
  // applied sgm once more and had the sign flipped: sgm(y) * (sgm(y) - 1).
  double dersgm(double y) {
    return y * (1 - y);
  }

  /** Forward pass; input has one example per row, the result one output row per example. */
  double[][] run(double[][] input) {
    layerIn = new ArrayList<>();
    layerOut = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      double[][] below = i == 0 ? transpose(input) : layerOut.get(layerOut.size() - 1);
      double[][] layer = dot(weights.get(i), withBiasRow(below));
      layerIn.add(layer);
      layerOut.add(apply(layer, false));
    }
    return transpose(layerOut.get(layerOut.size() - 1));
  }

  /** Half the summed squared error of the current weights: the number the asker printed. */
  double loss(double[][] input, double[][] y) {
    double[][] yHat = run(input);
    double msqError = 0;
    for (int k = 0; k < y.length; k++) {
      for (int j = 0; j < y[k].length; j++) {
        msqError += .5 * Math.pow(yHat[k][j] - y[k][j], 2);
      }
    }
    return msqError;
  }

  double backpropogate(double[][] input, double[][] y, double learningRate) {
    List<double[][]> deltas = new ArrayList<>();
    double[][] yHat = run(input);
    double msqError = 0;

    for (int i = layers - 1; i >= 0; i--) {
      if (i == layers - 1) {
        // error = y_hat - y; deltas.append(error * self.dersgm(y_hat))
        double[][] delta = new double[yHat.length][yHat[0].length];
        for (int k = 0; k < yHat.length; k++) {
          for (int j = 0; j < yHat[k].length; j++) {
            double error = yHat[k][j] - y[k][j];
            msqError += .5 * error * error;
            delta[k][j] = error * dersgm(yHat[k][j]);
          }
        }
        deltas.add(delta);
      } else {
        // error = deltas[-1].dot(self.weights[i+1][:,:-1]); deltas.append(dersgm(layerOut[i]).T * error)
        double[][] error = dot(deltas.get(deltas.size() - 1), withoutBiasColumn(weights.get(i + 1)));
        double[][] derivative = transpose(apply(layerOut.get(i), true));
        double[][] delta = new double[error.length][error[0].length];
        for (int k = 0; k < error.length; k++) {
          for (int j = 0; j < error[k].length; j++) {
            delta[k][j] = derivative[k][j] * error[k][j];
          }
        }
        deltas.add(delta);
      }
    }

    List<double[][]> wdelta = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      double[][] orderedDelta = deltas.get(layers - 1 - i);
      double[][] below = i == 0 ? transpose(input) : layerOut.get(i - 1);
      // ordered_deltas[i].T.dot(with_bias.T): sums over the examples
      wdelta.add(dot(transpose(orderedDelta), transpose(withBiasRow(below))));
    }

    updateWeights(wdelta, learningRate);
    return msqError;
  }

  void updateWeights(List<double[][]> weightDeltas, double learningRate) {
    for (int i = 0; i < layers; i++) {
      double[][] w = weights.get(i);
      double[][] d = weightDeltas.get(i);
      for (int r = 0; r < w.length; r++) {
        for (int c = 0; c < w[r].length; c++) {
          // FIX: descend. The posted `+` only worked at the output layer, where it cancelled the
          // sign flipped in dersgm.
          w[r][c] = w[r][c] - learningRate * d[r][c];
        }
      }
    }
  }

  /** train(): run_iter full-batch steps, printing the loss every {@code printEvery}. */
  void train(double[][] input, double[][] target, double lr, int runIter, int printEvery) {
    for (int i = 0; i < runIter; i++) {
      if (i % printEvery == 0) {
        System.out.println("iteration " + i + " error " + loss(input, target));
      }
      backpropogate(input, target, lr);
    }
  }

  double[][] apply(double[][] x, boolean derivative) {
    double[][] out = new double[x.length][x[0].length];
    for (int r = 0; r < x.length; r++) {
      for (int c = 0; c < x[r].length; c++) {
        out[r][c] = derivative ? dersgm(x[r][c]) : sgm(x[r][c]);
      }
    }
    return out;
  }

  /** np.vstack((m, np.ones([1, columns]))). */
  static double[][] withBiasRow(double[][] m) {
    double[][] out = new double[m.length + 1][];
    for (int r = 0; r < m.length; r++) {
      out[r] = m[r].clone();
    }
    out[m.length] = new double[m[0].length];
    java.util.Arrays.fill(out[m.length], 1.0);
    return out;
  }

  /** w[:, :-1]. */
  static double[][] withoutBiasColumn(double[][] w) {
    double[][] out = new double[w.length][];
    for (int r = 0; r < w.length; r++) {
      out[r] = java.util.Arrays.copyOf(w[r], w[r].length - 1);
    }
    return out;
  }

  static double[][] dot(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < b[0].length; j++) {
          out[i][j] += a[i][k] * b[k][j];
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
