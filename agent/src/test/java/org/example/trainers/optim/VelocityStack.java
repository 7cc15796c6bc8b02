package org.example.trainers.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A 2-12-12-1 tanh regressor kept as a list of dense layers, each holding its kernel and bias next
 * to their velocities (same shapes) and the activations its forward pass cached; heavy-ball
 * momentum (v = μv − η∇L, θ += v) on shuffled minibatches of 16. The {@code flippedMiddle} twin
 * adds +η∇L into the middle layer's velocities: that layer climbs, the others are correct. The
 * {@code frozenMiddleBias} twin never updates the middle layer's bias.
 */
public class VelocityStack {

  static final class Dense {
    final double[][] kernel;
    final double[] bias;
    final double[][] kernelVelocity;
    final double[] biasVelocity;
    final boolean squash;
    double[][] input;
    double[][] activation;

    Dense(int in, int out, boolean squash, Random random) {
      kernel = new double[in][out];
      bias = new double[out];
      kernelVelocity = new double[in][out];
      biasVelocity = new double[out];
      this.squash = squash;
      for (double[] row : kernel) {
        for (int j = 0; j < out; j++) {
          row[j] = random.nextGaussian() / Math.sqrt(in);
        }
      }
    }

    double[][] forward(double[][] x) {
      input = x;
      double[][] a = new double[x.length][bias.length];
      for (int n = 0; n < x.length; n++) {
        for (int j = 0; j < bias.length; j++) {
          double z = bias[j];
          for (int i = 0; i < kernel.length; i++) {
            z += x[n][i] * kernel[i][j];
          }
          a[n][j] = squash ? Math.tanh(z) : z;
        }
      }
      activation = a;
      return a;
    }
  }

  final List<Dense> stack = new ArrayList<>();
  final double rate = 0.02;
  final double momentum = 0.9;
  final String variant;

  VelocityStack(String variant, Random random) {
    this.variant = variant;
    stack.add(new Dense(2, 12, true, random));
    stack.add(new Dense(12, 12, true, random));
    stack.add(new Dense(12, 1, false, random));
  }

  double[][] predict(double[][] x) {
    for (Dense d : stack) {
      x = d.forward(x);
    }
    return x;
  }

  double squaredError(double[][] x, double[] y) {
    double[][] p = predict(x);
    double s = 0;
    for (int n = 0; n < y.length; n++) {
      s += (p[n][0] - y[n]) * (p[n][0] - y[n]);
    }
    return s / (2 * y.length);
  }

  void fit(double[][] x, double[] y) {
    double[][] p = predict(x);
    int batch = y.length;
    double[][] delta = new double[batch][1];
    for (int n = 0; n < batch; n++) {
      delta[n][0] = (p[n][0] - y[n]) / batch;
    }
    for (int l = stack.size() - 1; l >= 0; l--) {
      Dense d = stack.get(l);
      if (d.squash) {
        for (int n = 0; n < batch; n++) {
          for (int j = 0; j < d.bias.length; j++) {
            delta[n][j] *= 1 - d.activation[n][j] * d.activation[n][j];
          }
        }
      }
      double[][] back = new double[batch][d.kernel.length];
      double sign = variant.equals("flippedMiddle") && l == 1 ? 1 : -1;
      for (int j = 0; j < d.bias.length; j++) {
        double gb = 0;
        for (int n = 0; n < batch; n++) {
          gb += delta[n][j];
        }
        for (int i = 0; i < d.kernel.length; i++) {
          double gk = 0;
          for (int n = 0; n < batch; n++) {
            gk += d.input[n][i] * delta[n][j];
            back[n][i] += d.kernel[i][j] * delta[n][j];
          }
          d.kernelVelocity[i][j] = momentum * d.kernelVelocity[i][j] + sign * rate * gk;
          d.kernel[i][j] += d.kernelVelocity[i][j];
        }
        if (!(variant.equals("frozenMiddleBias") && l == 1)) {
          d.biasVelocity[j] = momentum * d.biasVelocity[j] + sign * rate * gb;
          d.bias[j] += d.biasVelocity[j];
        }
      }
      delta = back;
    }
  }

  /** {@code main [ok|flippedMiddle|frozenMiddleBias]}: 20 epochs of shuffled minibatches of 16 out of 128 points. */
  public static void main(String[] args) {
    String variant = args.length > 0 ? args[0] : "ok";
    Random random = new Random(23);
    int count = 128;
    double[][] x = new double[count][2];
    double[] y = new double[count];
    for (int n = 0; n < count; n++) {
      x[n][0] = random.nextDouble() * 2 - 1;
      x[n][1] = random.nextDouble() * 2 - 1;
      y[n] = Math.sin(2 * x[n][0]) * x[n][1];
    }
    VelocityStack net = new VelocityStack(variant, random);
    int[] order = new int[count];
    for (int n = 0; n < count; n++) {
      order[n] = n;
    }
    for (int epoch = 0; epoch < 20; epoch++) {
      for (int n = count - 1; n > 0; n--) {
        int k = random.nextInt(n + 1);
        int t = order[n];
        order[n] = order[k];
        order[k] = t;
      }
      double total = 0;
      for (int start = 0; start < count; start += 16) {
        double[][] bx = new double[16][];
        double[] by = new double[16];
        for (int n = 0; n < 16; n++) {
          bx[n] = x[order[start + n]];
          by[n] = y[order[start + n]];
        }
        total += net.squaredError(bx, by);
        net.fit(bx, by);
      }
      if (epoch % 5 == 4) {
        System.out.printf("epoch %d loss %.6f%n", epoch + 1, total / (count / 16));
      }
    }
  }
}
