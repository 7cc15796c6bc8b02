package testbed;

import java.util.Random;

/** A two-layer network trained by SGD: the kind of class the agent instruments. */
public class TinyNet {
  double[][] w1;
  double[] b1;
  double[][] w2;
  double lastLoss;

  public TinyNet(int inputs, int hidden, long seed) {
    Random random = new Random(seed);
    w1 = new double[hidden][inputs];
    b1 = new double[hidden];
    w2 = new double[1][hidden];
    for (double[] row : w1) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextGaussian() * 0.5;
      }
    }
    for (int i = 0; i < hidden; i++) {
      w2[0][i] = random.nextGaussian() * 0.5;
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double sigmoidPrime(double x) {
    double s = sigmoid(x);
    return s * (1 - s);
  }

  static float relu(float x) {
    return Math.max(0f, x);
  }

  double[] hidden(double[] x) {
    double[] pre = new double[b1.length];
    for (int j = 0; j < pre.length; j++) {
      double sum = b1[j];
      for (int i = 0; i < x.length; i++) {
        sum += w1[j][i] * x[i];
      }
      pre[j] = sum;
    }
    return pre;
  }

  double predict(double[] x) {
    double[] activation = hidden(x); // store: activation
    double out = 0;
    for (int j = 0; j < activation.length; j++) {
      out += w2[0][j] * sigmoid(activation[j]);
    }
    return out;
  }

  double loss(double[][] xs, double[] ys) {
    double total = 0;
    for (int n = 0; n < xs.length; n++) {
      double error = predict(xs[n]) - ys[n];
      total += error * error;
    }
    return total / xs.length;
  }

  void trainStep(double[][] xs, double[] ys, double rate) {
    for (int n = 0; n < xs.length; n++) {
      double[] pre = hidden(xs[n]); // store: pre
      double out = 0;
      for (int j = 0; j < pre.length; j++) {
        out += w2[0][j] * sigmoid(pre[j]);
      }
      double delta = 2 * (out - ys[n]) / xs.length;
      for (int j = 0; j < pre.length; j++) {
        double back = delta * w2[0][j] * sigmoidPrime(pre[j]);
        w2[0][j] -= rate * delta * sigmoid(pre[j]);
        b1[j] -= rate * back;
        double[] row = w1[j];
        for (int i = 0; i < row.length; i++) {
          row[i] -= rate * back * xs[n][i];
        }
      }
    }
    lastLoss = loss(xs, ys);
  }

  float[] reluAll(float[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = relu(values[i]);
    }
    return result;
  }

  long count(long a, int b, char c, boolean d, byte e, short f, float g, double h, Object o) {
    return a + b + c + (d ? 1 : 0) + e + f + (long) g + (long) h + (o == null ? 0 : 1);
  }

  /** Runs a few epochs and prints the losses: a deterministic trainer for the tests. */
  public static String train(int epochs) {
    TinyNet net = new TinyNet(2, 4, 42);
    double[][] xs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    double[] ys = {0, 1, 1, 0};
    StringBuilder log = new StringBuilder();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      net.trainStep(xs, ys, 0.5);
      log.append(epoch).append(' ').append(net.lastLoss).append('\n');
    }
    return log.toString();
  }

  public static void main(String[] args) {
    System.out.print(train(args.length > 0 ? Integer.parseInt(args[0]) : 50));
  }
}
