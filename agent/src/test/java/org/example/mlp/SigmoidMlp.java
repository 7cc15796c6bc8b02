package org.example.mlp;

import java.util.Random;

/**
 * A 2-4-1 sigmoid network trained by full-batch gradient descent on XOR, written the way people
 * write one by hand. {@code sign} = −1 is the twin whose output error has the wrong sign.
 */
public class SigmoidMlp {
  double[][] w1;
  double[][] w2;
  final double rate;
  final double sign;
  final Random random = new Random(42);

  public SigmoidMlp(double rate, double sign) {
    this.rate = rate;
    this.sign = sign;
    w1 = init(2, 4);
    w2 = init(4, 1);
  }

  private double[][] init(int in, int out) {
    double[][] w = new double[in][out];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        w[i][j] = random.nextGaussian() * 0.8;
      }
    }
    return w;
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  static double sigmoidPrime(double a) {
    return a * (1 - a);
  }

  static double[][] dot(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < b[0].length; j++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  static double[][] activate(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int i = 0; i < z.length; i++) {
      for (int j = 0; j < z[0].length; j++) {
        a[i][j] = sigmoid(z[i][j]);
      }
    }
    return a;
  }

  public double loss(double[][] x, double[][] y) {
    double[][] out = activate(dot(activate(dot(x, w1)), w2));
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double e = out[i][0] - y[i][0];
      sum += 0.5 * e * e;
    }
    return sum / y.length;
  }

  public void train(double[][] x, double[][] y) {
    double[][] z1 = dot(x, w1);
    double[][] a1 = activate(z1);
    double[][] z2 = dot(a1, w2);
    double[][] a2 = activate(z2);
    int n = x.length;
    double[][] d2 = new double[n][1];
    for (int i = 0; i < n; i++) {
      d2[i][0] = sign * (a2[i][0] - y[i][0]) * sigmoidPrime(a2[i][0]) / n;
    }
    double[][] d1 = new double[n][4];
    for (int i = 0; i < n; i++) {
      for (int h = 0; h < 4; h++) {
        d1[i][h] = d2[i][0] * w2[h][0] * sigmoidPrime(a1[i][h]);
      }
    }
    for (int h = 0; h < 4; h++) {
      for (int i = 0; i < n; i++) {
        w2[h][0] -= rate * a1[i][h] * d2[i][0];
      }
    }
    for (int k = 0; k < 2; k++) {
      for (int h = 0; h < 4; h++) {
        for (int i = 0; i < n; i++) {
          w1[k][h] -= rate * x[i][k] * d1[i][h];
        }
      }
    }
  }

  /** Trains and prints the loss now and then: what the stdout comparison looks at. */
  public static void run(double sign, int steps) {
    double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    double[][] y = {{0}, {1}, {1}, {0}};
    SigmoidMlp net = new SigmoidMlp(0.5, sign);
    for (int step = 1; step <= steps; step++) {
      net.train(x, y);
      double l = net.loss(x, y);
      if (step % 25 == 0) {
        System.out.println("step " + step + " loss " + l + " " + net.random.nextInt(1000));
      }
    }
  }
}
