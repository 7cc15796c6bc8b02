package dev.backprobe.samples.seed003;

/**
 * Sub_Script.py of seed 003 fixed: {@link SubScript} with the changes marked FIX (a linear output
 * layer, and a decay term that matches its gradient). As posted: leaky ReLU, the MSE cost with its weight-decay term, forward
 * and backward propagation, the parameter update and the gradient check. Layers are indexed from 1:
 * index 0 of every list is {@code null}, as in the Python ({@code [None] + [...]}). Matrices hold one
 * unit per row and one example per column.
 */
final class FixedSubScript {
  private FixedSubScript() {}

  /** Leaky ReLU. */
  static double relu(double x) {
    return (x > 0 ? x : 0) + (x < 0 ? 0.01 * x : 0);
  }

  static double reluGrad(double x) {
    return (x > 0 ? 1 : 0) + (x < 0 ? 0.01 : 0);
  }

  /** MSE cost: sum((actual - prediction)^2) / m + decay / (2 m) * sum(w^2). */
  static double mse(
      double[][] prediction, double[][] actual, double[][][] weights, double decay, int numEx) {
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      for (int j = 0; j < actual[i].length; j++) {
        sum += Math.pow(actual[i][j] - prediction[i][j], 2);
      }
    }
    double weightSum = 0;
    for (int l = 1; l < weights.length; l++) {
      for (double[] row : weights[l]) {
        for (double w : row) {
          // FIX: decay / (2 m) * sum(w^2), whose gradient decay / m * w is what update_paras applies.
          weightSum += w * w;
        }
      }
    }
    return sum / actual[0].length + (decay / (2 * numEx)) * weightSum;
  }

  static double[][] mseGrad(double[][] prediction, double[][] actual) {
    double[][] g = new double[actual.length][actual[0].length];
    for (int i = 0; i < actual.length; i++) {
      for (int j = 0; j < actual[i].length; j++) {
        g[i][j] = -2 * (actual[i][j] - prediction[i][j]) / actual[0].length;
      }
    }
    return g;
  }

  /** Returns {z_values, acts}; hidden layers go through the leaky ReLU, the output is linear. */
  static double[][][][] forwardPropagation(
      double[][][] weights, double[][][] biases, int numLayers, double[][] act) {
    double[][][] acts = new double[numLayers][][];
    double[][][] zValues = new double[numLayers][][];
    acts[0] = act;
    for (int layer = 1; layer < numLayers; layer++) {
      zValues[layer] = addColumn(dot(weights[layer], acts[layer - 1]), biases[layer]);
      // FIX: no activation on the output layer: a regression output must be able to take any value.
      acts[layer] = layer == numLayers - 1 ? zValues[layer] : map(zValues[layer], false);
    }
    return new double[][][][] {zValues, acts};
  }

  /** Returns {dweights, dbiases}. */
  static double[][][][] backwardPropagation(
      double[][][] weights, int numLayers, double[][][] zValues, double[][][] acts, double[][] y) {
    double[][][] dweights = new double[numLayers][][];
    double[][][] dbiases = new double[numLayers][][];
    int last = numLayers - 1;
    // FIX: the output is linear, so its gradient is mse_grad itself (no relu_grad factor).
    double[][] zgrad = mseGrad(acts[last], y);
    dweights[last] = dot(zgrad, transpose(acts[last - 1]));
    dbiases[last] = sumRows(zgrad);
    for (int layer = numLayers - 2; layer > 0; layer--) {
      zgrad = times(dot(transpose(weights[layer + 1]), zgrad), map(zValues[layer], true));
      dweights[layer] = dot(zgrad, transpose(acts[layer - 1]));
      dbiases[layer] = sumRows(zgrad);
    }
    return new double[][][][] {dweights, dbiases};
  }

  /** Returns new {weights, biases}: w - lr * (dw + decay / m * w), b - lr * db. */
  static double[][][][] updateParas(
      double[][][] weights,
      double[][][] biases,
      double[][][] dweights,
      double[][][] dbiases,
      double learningRate,
      double decay,
      int numEx) {
    double[][][] newWeights = new double[weights.length][][];
    double[][][] newBiases = new double[biases.length][][];
    for (int l = 1; l < weights.length; l++) {
      newWeights[l] = new double[weights[l].length][weights[l][0].length];
      for (int i = 0; i < weights[l].length; i++) {
        for (int j = 0; j < weights[l][i].length; j++) {
          double w = weights[l][i][j];
          newWeights[l][i][j] = w - learningRate * (dweights[l][i][j] + (decay / numEx) * w);
        }
      }
      newBiases[l] = new double[biases[l].length][1];
      for (int i = 0; i < biases[l].length; i++) {
        newBiases[l][i][0] = biases[l][i][0] - learningRate * dbiases[l][i][0];
      }
    }
    return new double[][][][] {newWeights, newBiases};
  }

  /**
   * grad_check: the relative difference between back-propagated and central-difference gradients
   * (epsilon 1e-7), printed as the asker's code does.
   */
  static double gradCheck(
      double[][][] weights,
      double[][][] biases,
      int numLayers,
      double[][] x,
      double[][] y,
      double decay,
      int numEx) {
    double[][][][] forward = forwardPropagation(weights, biases, numLayers, x);
    double[][][][] grads = backwardPropagation(weights, numLayers, forward[0], forward[1], y);
    double epsilon = 1e-7;
    double diffSquared = 0;
    double analyticSquared = 0;
    double approxSquared = 0;
    for (int layer = 1; layer < numLayers; layer++) {
      for (int i = 0; i < weights[layer].length; i++) {
        for (int j = 0; j < weights[layer][i].length; j++) {
          double[][][] wPlus = deepCopy(weights);
          wPlus[layer][i][j] += epsilon;
          double[][][] wMinus = deepCopy(weights);
          wMinus[layer][i][j] -= epsilon;
          double costPlus = cost(wPlus, biases, numLayers, x, y, decay, numEx);
          double costMinus = cost(wMinus, biases, numLayers, x, y, decay, numEx);
          double approx = (costPlus - costMinus) / (2 * epsilon);
          double analytic = grads[0][layer][i][j];
          diffSquared += Math.pow(analytic - approx, 2);
          analyticSquared += analytic * analytic;
          approxSquared += approx * approx;
        }
        double[][][] bPlus = deepCopy(biases);
        bPlus[layer][i][0] += epsilon;
        double[][][] bMinus = deepCopy(biases);
        bMinus[layer][i][0] -= epsilon;
        double costPlus = cost(weights, bPlus, numLayers, x, y, decay, numEx);
        double costMinus = cost(weights, bMinus, numLayers, x, y, decay, numEx);
        double approx = (costPlus - costMinus) / (2 * epsilon);
        double analytic = grads[1][layer][i][0];
        diffSquared += Math.pow(analytic - approx, 2);
        analyticSquared += analytic * analytic;
        approxSquared += approx * approx;
      }
    }
    double difference =
        Math.sqrt(diffSquared) / (Math.sqrt(analyticSquared) + Math.sqrt(approxSquared));
    if (difference > 2e-7) {
      System.out.println("There is a mistake in the backward propagation! difference = " + difference);
    } else {
      System.out.println("Your backward propagation works perfectly fine! difference = " + difference);
    }
    return difference;
  }

  private static double cost(
      double[][][] weights,
      double[][][] biases,
      int numLayers,
      double[][] x,
      double[][] y,
      double decay,
      int numEx) {
    double[][][] acts = forwardPropagation(weights, biases, numLayers, x)[1];
    return mse(acts[numLayers - 1], y, weights, decay, numEx);
  }

  static double[][][] deepCopy(double[][][] layers) {
    double[][][] copy = new double[layers.length][][];
    for (int l = 0; l < layers.length; l++) {
      if (layers[l] != null) {
        copy[l] = new double[layers[l].length][];
        for (int i = 0; i < layers[l].length; i++) {
          copy[l][i] = layers[l][i].clone();
        }
      }
    }
    return copy;
  }

  static double[][] map(double[][] z, boolean gradient) {
    double[][] out = new double[z.length][z[0].length];
    for (int i = 0; i < z.length; i++) {
      for (int j = 0; j < z[i].length; j++) {
        out[i][j] = gradient ? reluGrad(z[i][j]) : relu(z[i][j]);
      }
    }
    return out;
  }

  static double[][] times(double[][] a, double[][] b) {
    double[][] out = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        out[i][j] = a[i][j] * b[i][j];
      }
    }
    return out;
  }

  /** np.sum(m, axis=1, keepdims=True). */
  static double[][] sumRows(double[][] m) {
    double[][] out = new double[m.length][1];
    for (int i = 0; i < m.length; i++) {
      for (double v : m[i]) {
        out[i][0] += v;
      }
    }
    return out;
  }

  /** m + b with b a column, broadcast over the examples. */
  static double[][] addColumn(double[][] m, double[][] b) {
    double[][] out = new double[m.length][m[0].length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        out[i][j] = m[i][j] + b[i][0];
      }
    }
    return out;
  }

  static double[][] dot(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        for (int j = 0; j < b[0].length; j++) {
          out[i][j] += aik * b[k][j];
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
