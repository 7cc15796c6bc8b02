package org.example.trainers.optim;

import java.util.Random;

/**
 * A 5-6-2 (or 5-width-2) sigmoid regressor whose {@code float} weights live in a {@link Weights} object of their
 * own, trained with Adam on shuffled minibatches of 12; the first and second moments are two more
 * {@link Weights} of the same class, and the forward pass caches its hidden activations in a field.
 * The {@code ascentHead} twin adds the head's Adam step instead of subtracting it.
 */
public class SplitAdam {

  static final class Weights {
    final float[][] hidden;
    final float[] hiddenBias;
    final float[][] head;
    final float[] headBias = new float[2];

    Weights(int width) {
      hidden = new float[width][5];
      hiddenBias = new float[width];
      head = new float[2][width];
    }
  }

  static final class Optimiser {
    final Weights mean;
    final Weights variance;
    int t;

    Optimiser(int width) {
      mean = new Weights(width);
      variance = new Weights(width);
    }
  }

  final int width;
  final Weights weights;
  final Optimiser adam;
  final float rate = 0.01f;
  final String variant;
  float[][] cachedHidden;

  SplitAdam(String variant, int width, Random random) {
    this.variant = variant;
    this.width = width;
    weights = new Weights(width);
    adam = new Optimiser(width);
    for (float[] row : weights.hidden) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (random.nextGaussian() * 0.6);
      }
    }
    for (float[] row : weights.head) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (random.nextGaussian() * 0.4);
      }
    }
  }

  float[][] forward(float[][] x) {
    cachedHidden = new float[x.length][width];
    float[][] out = new float[x.length][2];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < width; j++) {
        float z = weights.hiddenBias[j];
        for (int i = 0; i < 5; i++) {
          z += weights.hidden[j][i] * x[n][i];
        }
        cachedHidden[n][j] = (float) (1 / (1 + Math.exp(-z)));
      }
      for (int k = 0; k < 2; k++) {
        float z = weights.headBias[k];
        for (int j = 0; j < width; j++) {
          z += weights.head[k][j] * cachedHidden[n][j];
        }
        out[n][k] = z;
      }
    }
    return out;
  }

  float cost(float[][] x, float[][] y) {
    float[][] out = forward(x);
    float s = 0;
    for (int n = 0; n < x.length; n++) {
      for (int k = 0; k < 2; k++) {
        s += (out[n][k] - y[n][k]) * (out[n][k] - y[n][k]);
      }
    }
    return s / x.length;
  }

  void update(float[][] x, float[][] y) {
    float[][] out = forward(x);
    int batch = x.length;
    Weights g = new Weights(width);
    for (int n = 0; n < batch; n++) {
      float[] dh = new float[width];
      for (int k = 0; k < 2; k++) {
        float d = 2 * (out[n][k] - y[n][k]) / batch;
        g.headBias[k] += d;
        for (int j = 0; j < width; j++) {
          g.head[k][j] += d * cachedHidden[n][j];
          dh[j] += d * weights.head[k][j];
        }
      }
      for (int j = 0; j < width; j++) {
        float a = cachedHidden[n][j];
        float d = dh[j] * a * (1 - a);
        g.hiddenBias[j] += d;
        for (int i = 0; i < 5; i++) {
          g.hidden[j][i] += d * x[n][i];
        }
      }
    }
    adam.t++;
    for (int j = 0; j < width; j++) {
      move(weights.hidden[j], g.hidden[j], adam.mean.hidden[j], adam.variance.hidden[j], -1);
    }
    move(weights.hiddenBias, g.hiddenBias, adam.mean.hiddenBias, adam.variance.hiddenBias, -1);
    float headSign = variant.equals("ascentHead") ? 1 : -1;
    for (int k = 0; k < 2; k++) {
      move(weights.head[k], g.head[k], adam.mean.head[k], adam.variance.head[k], headSign);
    }
    move(weights.headBias, g.headBias, adam.mean.headBias, adam.variance.headBias, headSign);
  }

  /** One Adam step of w along {@code sign}·m̂/(√v̂ + ε) (sign −1 descends). */
  private void move(float[] w, float[] g, float[] m, float[] v, float sign) {
    float b1 = 0.9f;
    float b2 = 0.999f;
    float c1 = 1 - (float) Math.pow(b1, adam.t);
    float c2 = 1 - (float) Math.pow(b2, adam.t);
    for (int i = 0; i < w.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      w[i] += sign * rate * (m[i] / c1) / ((float) Math.sqrt(v[i] / c2) + 1e-8f);
    }
  }

  /**
   * {@code main [ok|ascentHead] [width]}: 15 epochs of shuffled minibatches of 12 out of 96 points;
   * a width of 13 or more puts {@code hidden} above the checker's coordinate limit (64), so it is
   * checked along random directions.
   */
  public static void main(String[] args) {
    String variant = args.length > 0 ? args[0] : "ok";
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    Random random = new Random(8);
    int count = 96;
    float[][] x = new float[count][5];
    float[][] y = new float[count][2];
    for (int n = 0; n < count; n++) {
      for (int i = 0; i < 5; i++) {
        x[n][i] = (float) random.nextGaussian();
      }
      y[n][0] = (float) Math.tanh(x[n][0] - x[n][3]);
      y[n][1] = 0.5f * x[n][1] * x[n][2];
    }
    SplitAdam net = new SplitAdam(variant, width, random);
    int[] order = new int[count];
    for (int n = 0; n < count; n++) {
      order[n] = n;
    }
    for (int epoch = 0; epoch < 15; epoch++) {
      for (int n = count - 1; n > 0; n--) {
        int k = random.nextInt(n + 1);
        int t = order[n];
        order[n] = order[k];
        order[k] = t;
      }
      double total = 0;
      for (int start = 0; start < count; start += 12) {
        float[][] bx = new float[12][];
        float[][] by = new float[12][];
        for (int n = 0; n < 12; n++) {
          bx[n] = x[order[start + n]];
          by[n] = y[order[start + n]];
        }
        total += net.cost(bx, by);
        net.update(bx, by);
      }
      if (epoch % 5 == 4) {
        System.out.printf("epoch %d cost %.6f%n", epoch + 1, total / (count / 12));
      }
    }
  }
}
