package org.example.trainers.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A 2-5-5-1 sigmoid network kept as a {@code List<Layer>}, fitted to a smooth function in (0, 1)
 * with a squared error. {@code slope(z)} is σ'(z) of the pre-activation; the {@code fedOutput} twin
 * calls it on the layer's output σ(z) instead.
 */
public class LayerNet {
  final List<Layer> layers = new ArrayList<>();
  final double speed;
  final boolean fedOutput;

  LayerNet(double speed, boolean fedOutput) {
    Random random = new Random(13);
    layers.add(new Layer(2, 5, random));
    layers.add(new Layer(5, 5, random));
    layers.add(new Layer(5, 1, random));
    this.speed = speed;
    this.fedOutput = fedOutput;
  }

  static double logistic(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** σ'(z), of the pre-activation. */
  static double slope(double z) {
    double s = logistic(z);
    return s * (1 - s);
  }

  static double[][] sigmoid(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < z[0].length; j++) {
        a[n][j] = logistic(z[n][j]);
      }
    }
    return a;
  }

  double[][] run(double[][] x) {
    double[][] a = x;
    for (Layer layer : layers) {
      a = layer.forward(a);
    }
    return a;
  }

  /** Half the mean squared error. */
  double errorOf(double[][] x, double[][] y) {
    double[][] out = run(x);
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      double e = out[n][0] - y[n][0];
      sum += 0.5 * e * e;
    }
    return sum / y.length;
  }

  void learn(double[][] x, double[][] y) {
    double[][] out = run(x);
    int batch = y.length;
    double[][] grad = new double[batch][1];
    for (int n = 0; n < batch; n++) {
      grad[n][0] = (out[n][0] - y[n][0]) / batch;
    }
    for (int l = layers.size() - 1; l >= 0; l--) {
      Layer layer = layers.get(l);
      double[][] z = layer.preActivation;
      double[][] delta = new double[batch][z[0].length];
      for (int n = 0; n < batch; n++) {
        for (int j = 0; j < z[0].length; j++) {
          double at = fedOutput ? logistic(z[n][j]) : z[n][j];
          delta[n][j] = grad[n][j] * slope(at);
        }
      }
      double[][] below = new double[batch][layer.weights.length];
      for (int n = 0; n < batch; n++) {
        for (int i = 0; i < layer.weights.length; i++) {
          for (int j = 0; j < layer.bias.length; j++) {
            below[n][i] += delta[n][j] * layer.weights[i][j];
          }
        }
      }
      for (int n = 0; n < batch; n++) {
        for (int j = 0; j < layer.bias.length; j++) {
          for (int i = 0; i < layer.weights.length; i++) {
            layer.weights[i][j] -= speed * layer.input[n][i] * delta[n][j];
          }
          layer.bias[j] -= speed * delta[n][j];
        }
      }
      grad = below;
    }
  }

  /** {@code main [ok|fedOutput] [rounds]}. */
  public static void main(String[] args) {
    boolean fedOutput = args.length > 0 && args[0].equals("fedOutput");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Random data = new Random(17);
    double[][] x = new double[20][2];
    double[][] y = new double[20][1];
    for (int n = 0; n < 20; n++) {
      x[n][0] = data.nextDouble() * 4 - 2;
      x[n][1] = data.nextDouble() * 4 - 2;
      y[n][0] = 0.5 + 0.4 * Math.tanh(x[n][0] - 0.5 * x[n][1]);
    }
    LayerNet net = new LayerNet(2.0, fedOutput);
    for (int r = 1; r <= rounds; r++) {
      net.learn(x, y);
      System.out.println(r + " " + net.errorOf(x, y));
    }
  }
}
