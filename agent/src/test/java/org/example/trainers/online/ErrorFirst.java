package org.example.trainers.online;

import java.util.Random;

/**
 * A 2-6-1 tanh regressor trained one example at a time. The loop measures the example's error
 * just before it learns from it, and the update takes the step size as a third argument, so the
 * error has fewer parameters than the update (the blind test's {@code tanhdrop}: the loss call
 * that follows the step is already the next example's). Twins: {@code ok}; {@code climbingBias}
 * adds the hidden biases' gradient instead of subtracting it.
 */
public class ErrorFirst {
  static final int HIDDEN = 6;
  final double[][] inner = new double[HIDDEN][2];
  final double[] innerBias = new double[HIDDEN];
  final double[] outer = new double[HIDDEN];
  final double[] outerBias = new double[1];
  final String variant;

  ErrorFirst(String variant) {
    this.variant = variant;
    Random random = new Random(11);
    for (int j = 0; j < HIDDEN; j++) {
      inner[j][0] = random.nextGaussian();
      inner[j][1] = random.nextGaussian();
      outer[j] = random.nextGaussian() / Math.sqrt(HIDDEN);
    }
  }

  double[] hidden(double[] input) {
    double[] h = new double[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      h[j] = Math.tanh(innerBias[j] + inner[j][0] * input[0] + inner[j][1] * input[1]);
    }
    return h;
  }

  double squaredError(double[] input, double target) {
    double[] h = hidden(input);
    double p = outerBias[0];
    for (int j = 0; j < HIDDEN; j++) {
      p += outer[j] * h[j];
    }
    return 0.5 * (p - target) * (p - target);
  }

  void learn(double[] input, double target, double rate) {
    double[] h = hidden(input);
    double p = outerBias[0];
    for (int j = 0; j < HIDDEN; j++) {
      p += outer[j] * h[j];
    }
    double e = p - target;
    double biasSign = variant.equals("climbingBias") ? 1 : -1;
    for (int j = 0; j < HIDDEN; j++) {
      double back = e * outer[j] * (1 - h[j] * h[j]);
      outer[j] -= rate * e * h[j];
      inner[j][0] -= rate * back * input[0];
      inner[j][1] -= rate * back * input[1];
      innerBias[j] += biasSign * rate * back;
    }
    outerBias[0] -= rate * e;
  }

  public static void main(String[] args) {
    ErrorFirst model = new ErrorFirst(args.length > 0 ? args[0] : "ok");
    Random data = new Random(5);
    double[][] xs = new double[60][2];
    double[] ts = new double[60];
    for (int n = 0; n < xs.length; n++) {
      xs[n][0] = data.nextDouble() * 4 - 2;
      xs[n][1] = data.nextDouble() * 4 - 2;
      ts[n] = Math.sin(xs[n][0]) - 0.5 * xs[n][1];
    }
    for (int epoch = 0; epoch < 20; epoch++) {
      double sum = 0;
      for (int n = 0; n < xs.length; n++) {
        sum += model.squaredError(xs[n], ts[n]);
        model.learn(xs[n], ts[n], 0.05);
      }
      if (epoch % 5 == 0) {
        System.out.printf("epoch %d error %.5f%n", epoch, sum / xs.length);
      }
    }
  }
}
