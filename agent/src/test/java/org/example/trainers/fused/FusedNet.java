package org.example.trainers.fused;

import java.util.Random;

/**
 * A 4-12-3 sigmoid classifier written the way most hand-written networks are: each unit's sum and
 * its activation in one loop ({@code hidden[n][j] = sigmoid(sum)}), so that no array ever holds a
 * pre-activation. Twins: {@code ok}; {@code saturated} starts from weights 40 times too large, so
 * that the hidden units sit at 0 or 1; {@code fedOutput} calls {@code sigmoidPrime}, the
 * derivative of the input, on the activations instead of the sums.
 */
public class FusedNet {
  static final int IN = 4;
  static final int HIDDEN = 12;
  static final int OUT = 3;
  double[][] w1 = new double[HIDDEN][IN];
  double[] b1 = new double[HIDDEN];
  double[][] w2 = new double[OUT][HIDDEN];
  double[] b2 = new double[OUT];
  final String variant;

  FusedNet(String variant) {
    this.variant = variant;
    Random random = new Random(8);
    double scale = variant.equals("saturated") ? 40 : 1;
    for (double[] row : w1) {
      for (int i = 0; i < IN; i++) {
        row[i] = random.nextGaussian() * scale / Math.sqrt(IN);
      }
    }
    for (double[] row : w2) {
      for (int j = 0; j < HIDDEN; j++) {
        row[j] = random.nextGaussian() / Math.sqrt(HIDDEN);
      }
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double sigmoidPrime(double x) {
    double s = sigmoid(x);
    return s * (1 - s);
  }

  double[][] hidden(double[][] x) {
    double[][] h = new double[x.length][HIDDEN];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < HIDDEN; j++) {
        double sum = b1[j];
        for (int i = 0; i < IN; i++) {
          sum += w1[j][i] * x[n][i];
        }
        h[n][j] = sigmoid(sum);
      }
    }
    return h;
  }

  double[][] output(double[][] h) {
    double[][] y = new double[h.length][OUT];
    for (int n = 0; n < h.length; n++) {
      for (int k = 0; k < OUT; k++) {
        double sum = b2[k];
        for (int j = 0; j < HIDDEN; j++) {
          sum += w2[k][j] * h[n][j];
        }
        y[n][k] = sigmoid(sum);
      }
    }
    return y;
  }

  double squaredError(double[][] x, double[][] t) {
    double[][] y = output(hidden(x));
    double sum = 0;
    for (int n = 0; n < t.length; n++) {
      for (int k = 0; k < OUT; k++) {
        sum += (y[n][k] - t[n][k]) * (y[n][k] - t[n][k]);
      }
    }
    return sum / (2 * t.length);
  }

  void learn(double[][] x, double[][] t, double rate) {
    double[][] h = hidden(x);
    double[][] y = output(h);
    double[][] dOut = new double[x.length][OUT];
    double[][] dHidden = new double[x.length][HIDDEN];
    for (int n = 0; n < x.length; n++) {
      for (int k = 0; k < OUT; k++) {
        dOut[n][k] = (y[n][k] - t[n][k]) * y[n][k] * (1 - y[n][k]) / x.length;
      }
      for (int j = 0; j < HIDDEN; j++) {
        double back = 0;
        for (int k = 0; k < OUT; k++) {
          back += w2[k][j] * dOut[n][k];
        }
        double slope = variant.equals("fedOutput") ? sigmoidPrime(h[n][j]) : h[n][j] * (1 - h[n][j]);
        dHidden[n][j] = back * slope;
      }
    }
    for (int n = 0; n < x.length; n++) {
      for (int k = 0; k < OUT; k++) {
        for (int j = 0; j < HIDDEN; j++) {
          w2[k][j] -= rate * dOut[n][k] * h[n][j];
        }
        b2[k] -= rate * dOut[n][k];
      }
      for (int j = 0; j < HIDDEN; j++) {
        for (int i = 0; i < IN; i++) {
          w1[j][i] -= rate * dHidden[n][j] * x[n][i];
        }
        b1[j] -= rate * dHidden[n][j];
      }
    }
  }

  public static void main(String[] args) {
    FusedNet net = new FusedNet(args.length > 0 ? args[0] : "ok");
    Random data = new Random(21);
    double[][] x = new double[24][IN];
    double[][] t = new double[24][OUT];
    for (int n = 0; n < x.length; n++) {
      for (int i = 0; i < IN; i++) {
        x[n][i] = data.nextGaussian();
      }
      t[n][n % OUT] = 1;
      x[n][n % OUT] += 1.5;
    }
    for (int epoch = 1; epoch <= 40; epoch++) {
      net.learn(x, t, 0.5);
      System.out.println("epoch " + epoch + " error " + net.squaredError(x, t));
    }
  }
}
