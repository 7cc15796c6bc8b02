package org.example.trainers.floats;

import java.util.Random;

/**
 * A 3-6-1 sigmoid regressor with {@code float[][]} weights, fitted by full-batch gradient descent
 * on a smooth target in (0, 1); prints its cost at every pass with {@code printf}. The {@code
 * flipped} twin computes the output error as (target − prediction) and still subtracts it: every
 * update climbs the cost.
 */
public class FloatNet {
  float[][] hiddenWeights = new float[3][6];
  float[] hiddenBias = new float[6];
  float[][] outWeights = new float[6][1];
  float[] outBias = new float[1];
  final float rate;
  final boolean flipped;

  FloatNet(float rate, boolean flipped, long seed) {
    this.rate = rate;
    this.flipped = flipped;
    Random random = new Random(seed);
    for (float[] row : hiddenWeights) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (random.nextGaussian() * 0.7);
      }
    }
    for (float[] row : outWeights) {
      row[0] = (float) (random.nextGaussian() * 0.7);
    }
  }

  static float squash(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
  }

  float[][] hidden(float[][] x) {
    float[][] h = new float[x.length][6];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < 6; j++) {
        float z = hiddenBias[j];
        for (int i = 0; i < 3; i++) {
          z += x[n][i] * hiddenWeights[i][j];
        }
        h[n][j] = squash(z);
      }
    }
    return h;
  }

  float[] predict(float[][] h) {
    float[] out = new float[h.length];
    for (int n = 0; n < h.length; n++) {
      float z = outBias[0];
      for (int j = 0; j < 6; j++) {
        z += h[n][j] * outWeights[j][0];
      }
      out[n] = squash(z);
    }
    return out;
  }

  /** Mean squared error over the batch. */
  float cost(float[][] x, float[] y) {
    float[] out = predict(hidden(x));
    float sum = 0;
    for (int n = 0; n < y.length; n++) {
      float e = out[n] - y[n];
      sum += e * e;
    }
    return sum / y.length;
  }

  void fitBatch(float[][] x, float[] y) {
    float[][] h = hidden(x);
    float[] out = predict(h);
    int batch = y.length;
    float[] outDelta = new float[batch];
    for (int n = 0; n < batch; n++) {
      float error = flipped ? y[n] - out[n] : out[n] - y[n];
      outDelta[n] = 2 * error * out[n] * (1 - out[n]) / batch;
    }
    float[][] hiddenDelta = new float[batch][6];
    for (int n = 0; n < batch; n++) {
      for (int j = 0; j < 6; j++) {
        hiddenDelta[n][j] = outDelta[n] * outWeights[j][0] * h[n][j] * (1 - h[n][j]);
      }
    }
    for (int n = 0; n < batch; n++) {
      for (int j = 0; j < 6; j++) {
        outWeights[j][0] -= rate * h[n][j] * outDelta[n];
        for (int i = 0; i < 3; i++) {
          hiddenWeights[i][j] -= rate * x[n][i] * hiddenDelta[n][j];
        }
        hiddenBias[j] -= rate * hiddenDelta[n][j];
      }
      outBias[0] -= rate * outDelta[n];
    }
  }

  /** {@code main [ok|flipped] [passes]}. */
  public static void main(String[] args) {
    boolean flipped = args.length > 0 && args[0].equals("flipped");
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Random data = new Random(7);
    float[][] x = new float[16][3];
    float[] y = new float[16];
    for (int n = 0; n < 16; n++) {
      for (int i = 0; i < 3; i++) {
        x[n][i] = (float) (data.nextDouble() * 2 - 1);
      }
      y[n] = (float) (0.5 + 0.3 * Math.sin(x[n][0] + x[n][1] * x[n][2]));
    }
    FloatNet net = new FloatNet(0.5f, flipped, 11);
    for (int pass = 1; pass <= passes; pass++) {
      net.fitBatch(x, y);
      System.out.printf("pass %3d cost %.6f w %.5f%n", pass, net.cost(x, y), net.outWeights[0][0]);
    }
  }
}
