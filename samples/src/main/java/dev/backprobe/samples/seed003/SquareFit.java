package dev.backprobe.samples.seed003;

import java.util.Random;

/**
 * Seed 003 as posted: a [1, 64, 1] leaky-ReLU network fitted to y = x^2, the asker's main script
 * with its parameters held in fields. Each step replaces the parameter arrays with new ones, as
 * {@code weights, biases = ss.update_paras(...)} does.
 */
class SquareFit {
  final int[] layerDims;
  final int numLayers;
  final double learningRate;
  final double decay;
  final int numEx;
  final Random random;

  double[][][] weights;
  double[][][] biases;

  SquareFit(int[] layerDims, double learningRate, double decay, int numEx, long seed) {
    this.layerDims = layerDims;
    this.numLayers = layerDims.length;
    this.learningRate = learningRate;
    this.decay = decay;
    this.numEx = numEx;
    this.random = new Random(seed);
    weights = new double[numLayers][][];
    biases = new double[numLayers][][];
    for (int l = 1; l < numLayers; l++) {
      // np.random.randn(dims[l], dims[l-1]) * np.sqrt(2 / dims[l-1]); biases np.zeros((dims[l], 1))
      weights[l] = new double[layerDims[l]][layerDims[l - 1]];
      for (int i = 0; i < layerDims[l]; i++) {
        for (int j = 0; j < layerDims[l - 1]; j++) {
          weights[l][i][j] = random.nextGaussian() * Math.sqrt(2.0 / layerDims[l - 1]);
        }
      }
      biases[l] = new double[layerDims[l]][1];
    }
  }

  /** One iteration of the asker's loop: forward, backward, update. */
  void iterate(double[][] x, double[][] y) {
    double[][][][] forward = SubScript.forwardPropagation(weights, biases, numLayers, x);
    double[][][][] grads =
        SubScript.backwardPropagation(weights, numLayers, forward[0], forward[1], y);
    double[][][][] updated =
        SubScript.updateParas(
            weights, biases, grads[0], grads[1], learningRate, decay, numEx);
    weights = updated[0];
    biases = updated[1];
  }

  /** ss.mse(acts[-1], y, weights, decay, num_ex) for the current parameters. */
  double cost(double[][] x, double[][] y) {
    double[][][] acts = SubScript.forwardPropagation(weights, biases, numLayers, x)[1];
    return SubScript.mse(acts[numLayers - 1], y, weights, decay, numEx);
  }

  double[][] predict(double[][] x) {
    return SubScript.forwardPropagation(weights, biases, numLayers, x)[1][numLayers - 1];
  }

  double gradCheck(double[][] x, double[][] y) {
    return SubScript.gradCheck(weights, biases, numLayers, x, y, decay, numEx);
  }
}
