package dev.backprobe.model;

import java.util.Random;

/**
 * A 3-4-2 sigmoid MLP with a hand-written backward pass and mean squared error, for tests: correct
 * by default, or with one injected bug.
 */
public class TinyMlp {

  /** Bugs the tests inject. */
  public enum Bug {
    NONE,
    /** Output error y − a while the update still subtracts: every update climbs the loss. */
    SIGN_FLIP,
    /** The hidden layer's error skips the sigmoid's derivative. */
    MISSING_DERIVATIVE
  }

  public static final double[][] X = {
    {0.5, -1.0, 0.25}, {1.5, 0.3, -0.7}, {-0.2, 0.8, 1.1}, {0.9, -0.4, 0.0}, {-1.3, 0.6, 0.4}
  };
  public static final double[][] Y = {{1, 0}, {0, 1}, {1, 1}, {0, 0}, {1, 0}};

  public double[][] w1 = new double[4][3];
  public double[] b1 = new double[4];
  public double[][] w2 = new double[2][4];
  public double[] b2 = new double[2];
  /** The hidden activations of the last forward pass: state, but not a parameter. */
  public double[][] hidden;
  public double learningRate = 0.5;
  public int steps;
  private final Bug bug;

  public TinyMlp(Bug bug) {
    this.bug = bug;
    Random random = new Random(11);
    for (double[] row : w1) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() * 0.8;
      }
    }
    for (double[] row : w2) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() * 0.8;
      }
    }
  }

  public TinyMlp() {
    this(Bug.NONE);
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  double[][] forward(double[][] x) {
    hidden = new double[x.length][w1.length];
    double[][] out = new double[x.length][w2.length];
    for (int n = 0; n < x.length; n++) {
      for (int h = 0; h < w1.length; h++) {
        double z = b1[h];
        for (int i = 0; i < x[n].length; i++) {
          z += w1[h][i] * x[n][i];
        }
        hidden[n][h] = sigmoid(z);
      }
      for (int o = 0; o < w2.length; o++) {
        double z = b2[o];
        for (int h = 0; h < w1.length; h++) {
          z += w2[o][h] * hidden[n][h];
        }
        out[n][o] = sigmoid(z);
      }
    }
    return out;
  }

  /** ½·mean over the batch of Σ(a − y)². */
  public double loss(double[][] x, double[][] y) {
    double[][] a = forward(x);
    double sum = 0;
    for (int n = 0; n < x.length; n++) {
      for (int o = 0; o < a[n].length; o++) {
        double e = a[n][o] - y[n][o];
        sum += e * e;
      }
    }
    return 0.5 * sum / x.length;
  }

  public void trainStep(double[][] x, double[][] y) {
    double[][] a = forward(x);
    double[][] gw1 = new double[4][3];
    double[] gb1 = new double[4];
    double[][] gw2 = new double[2][4];
    double[] gb2 = new double[2];
    for (int n = 0; n < x.length; n++) {
      double[] deltaOut = new double[2];
      for (int o = 0; o < 2; o++) {
        double error = bug == Bug.SIGN_FLIP ? y[n][o] - a[n][o] : a[n][o] - y[n][o];
        deltaOut[o] = error * a[n][o] * (1 - a[n][o]) / x.length;
        gb2[o] += deltaOut[o];
        for (int h = 0; h < 4; h++) {
          gw2[o][h] += deltaOut[o] * hidden[n][h];
        }
      }
      for (int h = 0; h < 4; h++) {
        double back = 0;
        for (int o = 0; o < 2; o++) {
          back += w2[o][h] * deltaOut[o];
        }
        double s = hidden[n][h];
        double deltaHidden = bug == Bug.MISSING_DERIVATIVE ? back : back * s * (1 - s);
        gb1[h] += deltaHidden;
        for (int i = 0; i < 3; i++) {
          gw1[h][i] += deltaHidden * x[n][i];
        }
      }
    }
    for (int h = 0; h < 4; h++) {
      b1[h] -= learningRate * gb1[h];
      for (int i = 0; i < 3; i++) {
        w1[h][i] -= learningRate * gw1[h][i];
      }
    }
    for (int o = 0; o < 2; o++) {
      b2[o] -= learningRate * gb2[o];
      for (int h = 0; h < 4; h++) {
        w2[o][h] -= learningRate * gw2[o][h];
      }
    }
    steps++;
  }

  /** The analytic gradient of {@link #loss} at the current parameters, by tensor path. */
  public java.util.Map<String, double[]> gradient(double[][] x, double[][] y) {
    TinyMlp probe = new TinyMlp(bug);
    probe.w1 = deepCopy(w1);
    probe.b1 = b1.clone();
    probe.w2 = deepCopy(w2);
    probe.b2 = b2.clone();
    probe.learningRate = -1; // θ' = θ + g
    probe.trainStep(x, y);
    java.util.Map<String, double[]> g = new java.util.LinkedHashMap<>();
    g.put("w1", difference(flatten(probe.w1), flatten(w1)));
    g.put("b1", difference(probe.b1, b1));
    g.put("w2", difference(flatten(probe.w2), flatten(w2)));
    g.put("b2", difference(probe.b2, b2));
    return g;
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  private static double[] flatten(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static double[] difference(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }
}
