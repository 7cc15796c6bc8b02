package org.example.trainers.layers;

import java.util.Random;

/** One fully connected sigmoid layer; keeps its last input and pre-activation for backprop. */
public class Layer {
  final double[][] weights;
  final double[] bias;
  double[][] input;
  double[][] preActivation;

  Layer(int in, int out, Random random) {
    weights = new double[in][out];
    bias = new double[out];
    for (double[] row : weights) {
      for (int j = 0; j < out; j++) {
        row[j] = random.nextGaussian() / Math.sqrt(in);
      }
    }
  }

  double[][] forward(double[][] x) {
    double[][] z = new double[x.length][bias.length];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < bias.length; j++) {
        double s = bias[j];
        for (int i = 0; i < weights.length; i++) {
          s += x[n][i] * weights[i][j];
        }
        z[n][j] = s;
      }
    }
    input = x;
    preActivation = z;
    return LayerNet.sigmoid(z);
  }
}
