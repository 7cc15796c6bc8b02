package dev.backprobe.samples.seed000;

import dev.backprobe.samples.data.SampleArgs;
import java.util.Arrays;

/** Seed 000 as posted: the loss climbs from about 9.4 to 18 (see samples/README.md). */
public final class Seed000Posted {
  static final int LEARNING_STEPS = 10000;
  static final double LEARNING_RATE = 0.001;
  static final int PRINT_EVERY = 250;
  // Chosen so that the first loss is 9.41, like the first line the asker posted (9.419).
  static final long SEED = 49;

  private Seed000Posted() {}

  public static void main(String[] args) {
    SampleArgs.parse(args);
    Network net = new Network(SixPoints.x(), SixPoints.y(), LEARNING_RATE, SEED);
    train(net);
  }

  static double train(Network net) {
    for (int step = 0; step < LEARNING_STEPS; step++) {
      if (step % PRINT_EVERY == 0) {
        System.out.println("step " + step + " sum of squares loss: " + net.loss());
      }
      net.trainStep();
    }
    double[][] prediction = net.predict(new double[][] {{1, 5}});
    System.out.println("prediction: " + Arrays.deepToString(prediction));
    double loss = net.loss();
    System.out.println("final loss: " + loss);
    return loss;
  }
}
