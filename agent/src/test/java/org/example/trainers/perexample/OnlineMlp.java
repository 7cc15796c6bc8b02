package org.example.trainers.perexample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A 3-6-6-1 tanh MLP kept as a list of layer objects, whose batch step runs the forward and
 * backward pass one example at a time (each layer caching its input and output in fields, so the
 * per-example forward pass also changes the model's arrays), and which prints its error only
 * every 50 batches. Twins: {@code ok}; {@code climb} adds the gradient instead of subtracting it.
 */
public class OnlineMlp {
  final List<Dense> layers = new ArrayList<>();
  final double[][] examples = new double[30][3];
  final double[] targets = new double[30];
  final double sign;

  OnlineMlp(String variant) {
    sign = variant.equals("climb") ? 1 : -1;
    Random random = new Random(17);
    layers.add(new Dense(3, 6, true, random));
    layers.add(new Dense(6, 6, true, random));
    layers.add(new Dense(6, 1, false, random));
    for (int n = 0; n < examples.length; n++) {
      for (int i = 0; i < 3; i++) {
        examples[n][i] = random.nextDouble() * 2 - 1;
      }
      targets[n] = Math.sin(2 * examples[n][0]) * examples[n][1];
    }
  }

  double[] predict(double[] x) {
    double[] a = x;
    for (Dense layer : layers) {
      a = layer.forward(a);
    }
    return a;
  }

  double meanError() {
    double sum = 0;
    for (int n = 0; n < examples.length; n++) {
      double d = predict(examples[n])[0] - targets[n];
      sum += d * d / 2;
    }
    return sum / examples.length;
  }

  void fitBatch(double rate) {
    for (int n = 0; n < examples.length; n++) {
      double[] error = {predict(examples[n])[0] - targets[n]};
      for (int l = layers.size() - 1; l >= 0; l--) {
        error = layers.get(l).backward(error);
      }
    }
    for (Dense layer : layers) {
      layer.apply(rate, examples.length, sign);
    }
  }

  public static void main(String[] args) {
    OnlineMlp net = new OnlineMlp(args.length > 0 ? args[0] : "ok");
    for (int batch = 1; batch <= 300; batch++) {
      net.fitBatch(0.1);
      if (batch % 50 == 0) {
        System.out.println("batch " + batch + " error " + net.meanError());
      }
    }
  }
}
