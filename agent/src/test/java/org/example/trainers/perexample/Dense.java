package org.example.trainers.perexample;

import java.util.Random;

/** A tanh (or linear) layer that keeps its last input and output for its backward pass. */
class Dense {
  final double[][] kernel;
  final double[] offset;
  final boolean tanh;
  double[] input;
  double[] output;
  final double[][] kernelGradient;
  final double[] offsetGradient;

  Dense(int in, int out, boolean tanh, Random random) {
    kernel = new double[out][in];
    offset = new double[out];
    kernelGradient = new double[out][in];
    offsetGradient = new double[out];
    this.tanh = tanh;
    for (double[] row : kernel) {
      for (int i = 0; i < in; i++) {
        row[i] = random.nextGaussian() / Math.sqrt(in);
      }
    }
  }

  double[] forward(double[] x) {
    input = x;
    double[] y = new double[offset.length];
    for (int o = 0; o < y.length; o++) {
      double z = offset[o];
      for (int i = 0; i < x.length; i++) {
        z += kernel[o][i] * x[i];
      }
      y[o] = tanh ? Math.tanh(z) : z;
    }
    output = y;
    return y;
  }

  /** Adds this example's gradients; returns the gradient with respect to the input. */
  double[] backward(double[] dy) {
    double[] dx = new double[input.length];
    for (int o = 0; o < offset.length; o++) {
      double dz = tanh ? dy[o] * (1 - output[o] * output[o]) : dy[o];
      offsetGradient[o] += dz;
      for (int i = 0; i < input.length; i++) {
        kernelGradient[o][i] += dz * input[i];
        dx[i] += dz * kernel[o][i];
      }
    }
    return dx;
  }

  void apply(double rate, int examples, double sign) {
    for (int o = 0; o < offset.length; o++) {
      offset[o] += sign * rate * offsetGradient[o] / examples;
      offsetGradient[o] = 0;
      for (int i = 0; i < kernel[o].length; i++) {
        kernel[o][i] += sign * rate * kernelGradient[o][i] / examples;
        kernelGradient[o][i] = 0;
      }
    }
  }
}
