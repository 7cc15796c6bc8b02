package org.example.trainers.deep;

import java.util.Random;

/**
 * A 7-hidden-layer regressor (width 8) with {@code double[][][]} weights and a linear output,
 * fitted by full-batch gradient descent. The correct net uses tanh; the {@code sigmoid} twin uses
 * the logistic function with the same 1/√n initialisation, so the back-propagated gradient shrinks
 * by about σ'(0) = 1/4 per layer and the first layers barely move.
 */
public class DeepNet {
  static final int DEPTH = 8;
  static final int WIDTH = 8;
  final double[][][] w = new double[DEPTH][WIDTH][WIDTH];
  final double[][] b = new double[DEPTH][WIDTH];
  final double[] head = new double[WIDTH];
  final boolean logistic;
  final double lr;

  DeepNet(boolean logistic, double lr) {
    this.logistic = logistic;
    this.lr = lr;
    Random random = new Random(41);
    for (double[][] layer : w) {
      for (double[] row : layer) {
        for (int j = 0; j < WIDTH; j++) {
          row[j] = random.nextGaussian() / Math.sqrt(WIDTH);
        }
      }
    }
    for (int j = 0; j < WIDTH; j++) {
      head[j] = random.nextGaussian() / Math.sqrt(WIDTH);
    }
  }

  double act(double z) {
    return logistic ? 1 / (1 + Math.exp(-z)) : Math.tanh(z);
  }

  double slopeFromOutput(double a) {
    return logistic ? a * (1 - a) : 1 - a * a;
  }

  double[][][] forward(double[][] x) {
    double[][][] acts = new double[DEPTH + 1][][];
    acts[0] = x;
    for (int l = 0; l < DEPTH; l++) {
      double[][] z = new double[x.length][WIDTH];
      for (int n = 0; n < x.length; n++) {
        for (int j = 0; j < WIDTH; j++) {
          double s = b[l][j];
          for (int i = 0; i < WIDTH; i++) {
            s += acts[l][n][i] * w[l][i][j];
          }
          z[n][j] = s;
        }
      }
      acts[l + 1] = apply(z);
    }
    return acts;
  }

  double[][] apply(double[][] z) {
    double[][] a = new double[z.length][WIDTH];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < WIDTH; j++) {
        a[n][j] = act(z[n][j]);
      }
    }
    return a;
  }

  double squaredError(double[][] x, double[] y) {
    double[][] top = forward(x)[DEPTH];
    double sum = 0;
    for (int n = 0; n < y.length; n++) {
      double out = 0;
      for (int j = 0; j < WIDTH; j++) {
        out += top[n][j] * head[j];
      }
      sum += 0.5 * (out - y[n]) * (out - y[n]);
    }
    return sum / y.length;
  }

  void descend(double[][] x, double[] y) {
    double[][][] acts = forward(x);
    int batch = y.length;
    double[][] delta = new double[batch][WIDTH];
    double[] gHead = new double[WIDTH];
    for (int n = 0; n < batch; n++) {
      double out = 0;
      for (int j = 0; j < WIDTH; j++) {
        out += acts[DEPTH][n][j] * head[j];
      }
      double d = (out - y[n]) / batch;
      for (int j = 0; j < WIDTH; j++) {
        gHead[j] += acts[DEPTH][n][j] * d;
        delta[n][j] = d * head[j] * slopeFromOutput(acts[DEPTH][n][j]);
      }
    }
    for (int l = DEPTH - 1; l >= 0; l--) {
      double[][] below = new double[batch][WIDTH];
      for (int n = 0; n < batch; n++) {
        for (int i = 0; i < WIDTH; i++) {
          double s = 0;
          for (int j = 0; j < WIDTH; j++) {
            s += delta[n][j] * w[l][i][j];
          }
          below[n][i] = l > 0 ? s * slopeFromOutput(acts[l][n][i]) : 0;
        }
      }
      for (int n = 0; n < batch; n++) {
        for (int j = 0; j < WIDTH; j++) {
          b[l][j] -= lr * delta[n][j];
          for (int i = 0; i < WIDTH; i++) {
            w[l][i][j] -= lr * acts[l][n][i] * delta[n][j];
          }
        }
      }
      delta = below;
    }
    for (int j = 0; j < WIDTH; j++) {
      head[j] -= lr * gHead[j];
    }
  }

  /** {@code main [tanh|sigmoid] [steps] [learning rate]}. */
  public static void main(String[] args) {
    boolean logistic = args.length > 0 && args[0].equals("sigmoid");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Random data = new Random(43);
    double[][] x = new double[32][WIDTH];
    double[] y = new double[32];
    for (int n = 0; n < 32; n++) {
      for (int i = 0; i < WIDTH; i++) {
        x[n][i] = data.nextGaussian();
      }
      y[n] = Math.sin(x[n][0]) + 0.5 * x[n][1];
    }
    DeepNet net = new DeepNet(logistic, args.length > 2 ? Double.parseDouble(args[2]) : 0.1);
    for (int s = 1; s <= steps; s++) {
      net.descend(x, y);
      System.out.println(s + ": " + net.squaredError(x, y));
    }
  }
}
