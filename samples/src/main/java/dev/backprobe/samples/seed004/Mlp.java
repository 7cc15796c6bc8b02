package dev.backprobe.samples.seed004;

import java.util.Random;

/**
 * Seed 004 as posted: a 784-300-75-10 ReLU perceptron with a softmax output, trained example by
 * example inside {@link #train} and evaluated on whole matrices by {@link #run}. The post shows the
 * forward/backward pass, the activations and the loss; the initialisation follows the Udacity
 * template the code is written from (normal, standard deviation fan_in^-0.5, zero biases).
 */
class Mlp {
  final int inputNodes;
  final int hidden1Nodes;
  final int hidden2Nodes;
  final int outputNodes;
  final double lr;
  final Random random;

  double[][] weightsIToH1;
  double[][] weightsH1ToH2;
  double[][] weightsH2ToO;
  double[] biasIToH1;
  double[] biasH1ToH2;
  double[] biasH2ToO;

  Mlp(int inputNodes, int hidden1Nodes, int hidden2Nodes, int outputNodes, double lr, long seed) {
    this.inputNodes = inputNodes;
    this.hidden1Nodes = hidden1Nodes;
    this.hidden2Nodes = hidden2Nodes;
    this.outputNodes = outputNodes;
    this.lr = lr;
    this.random = new Random(seed);
    weightsIToH1 = normal(inputNodes, hidden1Nodes);
    weightsH1ToH2 = normal(hidden1Nodes, hidden2Nodes);
    weightsH2ToO = normal(hidden2Nodes, outputNodes);
    biasIToH1 = new double[hidden1Nodes];
    biasH1ToH2 = new double[hidden2Nodes];
    biasH2ToO = new double[outputNodes];
  }

  /** One training step on a batch, one example at a time, as posted. */
  void train(double[][] features, double[][] targets) {
    int nRecords = features.length;
    double[][] deltaWeightsIH1 = new double[inputNodes][hidden1Nodes];
    double[][] deltaWeightsH1H2 = new double[hidden1Nodes][hidden2Nodes];
    double[][] deltaWeightsH2O = new double[hidden2Nodes][outputNodes];
    // The bias deltas of the Python code: np.zeros(...) then reassigned to a scalar, see below.
    double deltaBiasIH1 = 0;
    double deltaBiasH1H2 = 0;
    double deltaBiasH2O = 0;

    for (int r = 0; r < nRecords; r++) {
      double[] x = features[r];
      double[] y = targets[r];
      // forward pass
      double[] inputsToH1Layer = add(dot(x, weightsIToH1), biasIToH1);
      double[] inputsToH1LayerActivated = activationReLU(inputsToH1Layer);
      double[] h1ToH2Layer = add(dot(inputsToH1LayerActivated, weightsH1ToH2), biasH1ToH2);
      double[] h1ToH2LayerActivated = activationReLU(h1ToH2Layer);
      double[] h2ToOutputLayer = add(dot(h1ToH2LayerActivated, weightsH2ToO), biasH2ToO);
      double[] finalOutputs = softmax(h2ToOutputLayer);

      // backpropagation: error = y - final_outputs; output_error_term = error.dot(dsoftmax(out)):
      // the squared error's gradient pushed through the softmax Jacobian, while the loss the asker
      // reports is the cross-entropy.
      double[] error = subtract(y, finalOutputs);
      double[] outputErrorTerm = dot(error, dsoftmax(finalOutputs));

      double[] h2Error = dotTransposed(outputErrorTerm, weightsH2ToO);
      double[] h2ErrorTerm = times(h2Error, activationDReLU(h1ToH2LayerActivated));
      double[] h1Error = dotTransposed(h2ErrorTerm, weightsH1ToH2);
      double[] h1ErrorTerm = times(h1Error, activationDReLU(inputsToH1LayerActivated));

      accumulateOuter(deltaWeightsIH1, x, h1ErrorTerm);
      // delta_bias_i_h1 = np.sum(h1_error_term, axis=0): the error term is 1-D, so this is the sum
      // over all units (one number), and it is assigned, not added: only the batch's last example
      // counts. The same holds for the two other biases.
      deltaBiasIH1 = sum(h1ErrorTerm);

      accumulateOuter(deltaWeightsH1H2, inputsToH1LayerActivated, h2ErrorTerm);
      deltaBiasH1H2 = sum(h2ErrorTerm);

      accumulateOuter(deltaWeightsH2O, h1ToH2LayerActivated, outputErrorTerm);
      deltaBiasH2O = sum(outputErrorTerm);
    }

    // update the weights and biases; `bias += lr * scalar / n` adds the same number to every unit.
    addScaled(weightsIToH1, deltaWeightsIH1, lr / nRecords);
    addScaled(weightsH1ToH2, deltaWeightsH1H2, lr / nRecords);
    addScaled(weightsH2ToO, deltaWeightsH2O, lr / nRecords);
    addToAll(biasIToH1, lr * deltaBiasIH1 / nRecords);
    addToAll(biasH1ToH2, lr * deltaBiasH1H2 / nRecords);
    addToAll(biasH2ToO, lr * deltaBiasH2O / nRecords);
  }

  /** The network's predictions for a whole matrix of examples (one row each). */
  double[][] run(double[][] features) {
    double[][] h1 = new double[features.length][];
    double[][] h2 = new double[features.length][];
    double[][] out = new double[features.length][];
    for (int r = 0; r < features.length; r++) {
      h1[r] = activationReLU(add(dot(features[r], weightsIToH1), biasIToH1));
      h2[r] = activationReLU(add(dot(h1[r], weightsH1ToH2), biasH1ToH2));
      out[r] = add(dot(h2[r], weightsH2ToO), biasH2ToO);
    }
    return softmax(out);
  }

  /** categorical_cross_entropy(run(features), targets), the loss the asker watches. */
  double loss(double[][] features, double[][] targets) {
    return categoricalCrossEntropy(run(features), targets);
  }

  /** (1 / len(pred)) * -np.sum(target * np.log(pred)). */
  static double categoricalCrossEntropy(double[][] pred, double[][] target) {
    double sum = 0;
    for (int r = 0; r < pred.length; r++) {
      for (int c = 0; c < pred[r].length; c++) {
        if (target[r][c] != 0) {
          sum += target[r][c] * Math.log(pred[r][c]);
        }
      }
    }
    return (1.0 / pred.length) * -sum;
  }

  double[] activationReLU(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * (x[i] > 0 ? 1 : 0);
    }
    return out;
  }

  double[] activationDReLU(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = 1. * (x[i] > 0 ? 1 : 0);
    }
    return out;
  }

  /** softmax of one example: z = x - max(x); exp(z) / sum(exp(z)). */
  double[] softmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double total = 0;
    double[] e = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      e[i] = Math.exp(x[i] - max);
      total += e[i];
    }
    for (int i = 0; i < x.length; i++) {
      e[i] /= total;
    }
    return e;
  }

  /**
   * The same softmax given a matrix, as numpy evaluates it: np.max(x) and np.sum(np.exp(z)) run over
   * the whole matrix, so the result sums to 1 over all examples together and each row sums to
   * about 1 / rows. The argmax of each row is unchanged.
   */
  double[][] softmax(double[][] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : x) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    double total = 0;
    double[][] e = new double[x.length][x[0].length];
    for (int r = 0; r < x.length; r++) {
      for (int c = 0; c < x[r].length; c++) {
        e[r][c] = Math.exp(x[r][c] - max);
        total += e[r][c];
      }
    }
    for (double[] row : e) {
      for (int c = 0; c < row.length; c++) {
        row[c] /= total;
      }
    }
    return e;
  }

  double[][] dsoftmax(double[] x) {
    int vecLen = x.length;
    double[][] j = new double[vecLen][vecLen];
    for (int a = 0; a < vecLen; a++) {
      for (int b = 0; b < vecLen; b++) {
        if (a == b) {
          j[a][b] = x[a] * (1 - x[b]);
        } else {
          j[a][b] = -x[a] * x[b];
        }
      }
    }
    return j;
  }

  double[][] normal(int rows, int cols) {
    double std = Math.pow(rows, -0.5);
    double[][] w = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        w[r][c] = random.nextGaussian() * std;
      }
    }
    return w;
  }

  /** x . W for a row vector x. */
  static double[] dot(double[] x, double[][] w) {
    double[] out = new double[w[0].length];
    for (int k = 0; k < x.length; k++) {
      double xk = x[k];
      if (xk == 0) {
        continue;
      }
      double[] wk = w[k];
      for (int j = 0; j < out.length; j++) {
        out[j] += xk * wk[j];
      }
    }
    return out;
  }

  /** e . W.T for a row vector e. */
  static double[] dotTransposed(double[] e, double[][] w) {
    double[] out = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      double s = 0;
      for (int j = 0; j < e.length; j++) {
        s += e[j] * w[k][j];
      }
      out[k] = s;
    }
    return out;
  }

  /** delta += a[:, None] * e. */
  static void accumulateOuter(double[][] delta, double[] a, double[] e) {
    for (int k = 0; k < a.length; k++) {
      double ak = a[k];
      if (ak == 0) {
        continue;
      }
      double[] row = delta[k];
      for (int j = 0; j < e.length; j++) {
        row[j] += e[j] * ak;
      }
    }
  }

  static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  static double[] subtract(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  static double[] times(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * b[i];
    }
    return out;
  }

  static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  static void addScaled(double[][] target, double[][] delta, double scale) {
    for (int r = 0; r < target.length; r++) {
      for (int c = 0; c < target[r].length; c++) {
        target[r][c] += scale * delta[r][c];
      }
    }
  }

  static void addToAll(double[] target, double value) {
    for (int i = 0; i < target.length; i++) {
      target[i] += value;
    }
  }
}
