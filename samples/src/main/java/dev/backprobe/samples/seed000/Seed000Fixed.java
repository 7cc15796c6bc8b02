package dev.backprobe.samples.seed000;

import dev.backprobe.samples.data.SampleArgs;
import java.util.Arrays;

/** Seed 000 fixed (see {@link FixedNetwork}): same data, initialisation, learning rate and steps. */
public final class Seed000Fixed {
  private Seed000Fixed() {}

  public static void main(String[] args) {
    SampleArgs.parse(args);
    FixedNetwork net =
        new FixedNetwork(
            SixPoints.x(), SixPoints.y(), Seed000Posted.LEARNING_RATE, Seed000Posted.SEED);
    train(net);
  }

  static double train(FixedNetwork net) {
    for (int step = 0; step < Seed000Posted.LEARNING_STEPS; step++) {
      if (step % Seed000Posted.PRINT_EVERY == 0) {
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
