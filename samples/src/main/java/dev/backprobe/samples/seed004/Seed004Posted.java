package dev.backprobe.samples.seed004;

import dev.backprobe.samples.data.SampleArgs;
import java.util.Locale;

/** Seed 004 as posted: accuracy rises while the reported loss rises too (see samples/README.md). */
public final class Seed004Posted {
  // The notebook with the asker's learning rate and batch size is not in the post; these show what
  // the asker describes (accuracy above 85% while the validation loss climbs after about 50 steps).
  static final double LEARNING_RATE = 0.5;
  static final int BATCH = 30;
  static final int STEPS = 250;
  static final int PRINT_EVERY = 25;
  static final long SEED = 4;

  private Seed004Posted() {}

  public static void main(String[] args) {
    SampleArgs sampleArgs = SampleArgs.parseOrExit(args, "Seed004Posted");
    MnistBatches data = MnistBatches.loadOrExit(sampleArgs, "Seed004Posted");
    Mlp net = new Mlp(784, 300, 75, 10, LEARNING_RATE, SEED);
    double loss = 0;
    for (int step = 0; step < STEPS; step++) {
      double[][] x = data.batchX(step, BATCH);
      double[][] y = data.batchY(step, BATCH);
      loss = net.loss(x, y);
      net.train(x, y);
      if (step % PRINT_EVERY == 0 || step == STEPS - 1) {
        double[][] val = net.run(data.valX());
        System.out.println(
            String.format(
                Locale.ROOT,
                "step %d train loss %.4f val loss %.4f val acc %.3f",
                step,
                loss,
                Mlp.categoricalCrossEntropy(val, data.valY()),
                MnistBatches.accuracy(val, data.valY())));
      }
    }
    System.out.println("final loss: " + net.loss(data.valX(), data.valY()));
  }
}
