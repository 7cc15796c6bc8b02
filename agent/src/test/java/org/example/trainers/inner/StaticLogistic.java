package org.example.trainers.inner;

import java.util.Random;

/**
 * Logistic regression on {@code float}s whose weights are static fields of this class, trained by
 * an anonymous {@code Runnable} and measured by a static {@code bce()} every 100 steps. Twins:
 * {@code ok}; {@code climbing} adds the gradient; {@code tiny} uses a learning rate of 1e-9, whose
 * updates mostly round to nothing on floats. With the suffix {@code Lambda} ({@code okLambda}, …)
 * the step is a lambda instead; with {@code Minibatch} ({@code okMinibatch}, …) each step
 * follows a batch of 6 while {@code bce()} measures all 60 examples.
 */
public class StaticLogistic {
  static final int D = 3;
  static final float[] weights = new float[D + 1];
  static float[][] xs;
  static int[] ys;

  static float bce() {
    float sum = 0;
    for (int n = 0; n < xs.length; n++) {
      float p = probability(xs[n]);
      p = Math.min(Math.max(p, 1e-7f), 1 - 1e-7f);
      sum -= ys[n] * (float) Math.log(p) + (1 - ys[n]) * (float) Math.log(1 - p);
    }
    return sum / xs.length;
  }

  static float probability(float[] x) {
    float z = weights[D];
    for (int i = 0; i < D; i++) {
      z += weights[i] * x[i];
    }
    return (float) (1 / (1 + Math.exp(-z)));
  }

  /** Examples per step: all of them, or {@link #MINIBATCH} walked in order by {@link #cursor}. */
  static int batch;
  static final int MINIBATCH = 6;
  static int cursor;

  /** The mean gradient over the step's batch; it changes nothing, so the step is its caller. */
  static float[] gradient() {
    float[] g = new float[D + 1];
    for (int k = 0; k < batch; k++) {
      int n = (cursor + k) % xs.length;
      float error = probability(xs[n]) - ys[n];
      for (int i = 0; i < D; i++) {
        g[i] += error * xs[n][i] / batch;
      }
      g[D] += error / batch;
    }
    cursor = (cursor + batch) % xs.length;
    return g;
  }

  public static void main(String[] args) {
    String variant = args.length > 0 ? args[0] : "ok";
    Random random = new Random(3);
    xs = new float[60][D];
    ys = new int[60];
    for (int n = 0; n < xs.length; n++) {
      for (int i = 0; i < D; i++) {
        xs[n][i] = (float) random.nextGaussian();
      }
      ys[n] = xs[n][0] - xs[n][1] + 0.3 * random.nextGaussian() > 0 ? 1 : 0;
    }
    for (int i = 0; i < D; i++) {
      weights[i] = (float) (random.nextGaussian() * 0.1);
    }
    batch = variant.contains("Minibatch") ? MINIBATCH : xs.length;
    float rate =
        variant.startsWith("tiny") ? 1e-9f : variant.startsWith("climbing") ? -0.1f : 0.1f;
    Runnable step =
        variant.endsWith("Lambda")
            ? () -> {
              float[] g = gradient();
              for (int i = 0; i <= D; i++) {
                weights[i] -= rate * g[i];
              }
            }
            : new Runnable() {
              @Override
              public void run() {
                float[] g = gradient();
                for (int i = 0; i <= D; i++) {
                  weights[i] -= rate * g[i];
                }
              }
            };
    for (int t = 1; t <= 400; t++) {
      step.run();
      if (t % 100 == 0) {
        System.out.println("step " + t + " bce " + bce());
      }
    }
  }
}
