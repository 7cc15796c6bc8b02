package dev.backprobe.gradcheck;

import java.util.List;
import java.util.Random;

/**
 * A 4-5-3 tanh/softmax net stored in float[][] and computed in float arithmetic, as a trainer
 * written with floats would be.
 */
final class FloatNet {
  final float[][] w1 = new float[5][4];
  final float[] b1 = new float[5];
  final float[][] w2 = new float[3][5];
  final float[] b2 = new float[3];
  final float[][] x;
  final int[] y;

  FloatNet(long seed, int batch) {
    Random random = new Random(seed);
    fill(w1, random, 0.8f);
    fill(w2, random, 0.6f);
    for (int i = 0; i < b1.length; i++) {
      b1[i] = 0.1f * (float) random.nextGaussian();
    }
    x = new float[batch][4];
    fill(x, random, 1f);
    y = new int[batch];
    for (int n = 0; n < batch; n++) {
      y[n] = random.nextInt(3);
    }
  }

  private static void fill(float[][] m, Random random, float scale) {
    for (float[] row : m) {
      for (int i = 0; i < row.length; i++) {
        row[i] = scale * (float) random.nextGaussian();
      }
    }
  }

  List<Parameter> parameters() {
    return List.of(Parameter.of("w1", w1), Parameter.of("b1", b1), Parameter.of("w2", w2),
        Parameter.of("b2", b2));
  }

  double loss() {
    float total = 0;
    for (int n = 0; n < x.length; n++) {
      float[] p = output(hidden(x[n]));
      total -= (float) Math.log(p[y[n]]);
    }
    return total / x.length;
  }

  private float[] hidden(float[] in) {
    float[] h = new float[5];
    for (int j = 0; j < 5; j++) {
      float s = b1[j];
      for (int i = 0; i < 4; i++) {
        s += w1[j][i] * in[i];
      }
      h[j] = (float) Math.tanh(s);
    }
    return h;
  }

  private float[] output(float[] h) {
    float[] z = new float[3];
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < 3; k++) {
      float s = b2[k];
      for (int j = 0; j < 5; j++) {
        s += w2[k][j] * h[j];
      }
      z[k] = s;
      max = Math.max(max, s);
    }
    float sum = 0;
    for (int k = 0; k < 3; k++) {
      z[k] = (float) Math.exp(z[k] - max);
      sum += z[k];
    }
    for (int k = 0; k < 3; k++) {
      z[k] /= sum;
    }
    return z;
  }

  /** Float gradients, row-major per tensor in {@link #parameters()} order; sign flipped if asked. */
  List<ParameterGradient> gradients(boolean signFlip) {
    float[] gw1 = new float[20];
    float[] gb1 = new float[5];
    float[] gw2 = new float[15];
    float[] gb2 = new float[3];
    float inv = 1f / x.length;
    for (int n = 0; n < x.length; n++) {
      float[] h = hidden(x[n]);
      float[] d2 = output(h);
      d2[y[n]] -= 1;
      if (signFlip) {
        for (int k = 0; k < 3; k++) {
          d2[k] = -d2[k];
        }
      }
      for (int k = 0; k < 3; k++) {
        gb2[k] += d2[k] * inv;
        for (int j = 0; j < 5; j++) {
          gw2[k * 5 + j] += d2[k] * h[j] * inv;
        }
      }
      for (int j = 0; j < 5; j++) {
        float s = 0;
        for (int k = 0; k < 3; k++) {
          s += w2[k][j] * d2[k];
        }
        float d1 = s * (1 - h[j] * h[j]);
        gb1[j] += d1 * inv;
        for (int i = 0; i < 4; i++) {
          gw1[j * 4 + i] += d1 * x[n][i] * inv;
        }
      }
    }
    List<Parameter> p = parameters();
    return List.of(new ParameterGradient(p.get(0), widen(gw1)),
        new ParameterGradient(p.get(1), widen(gb1)), new ParameterGradient(p.get(2), widen(gw2)),
        new ParameterGradient(p.get(3), widen(gb2)));
  }

  private static double[] widen(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
