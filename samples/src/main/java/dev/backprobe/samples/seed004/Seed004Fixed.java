package dev.backprobe.samples.seed004;

import dev.backprobe.samples.data.SampleArgs;
import java.util.Locale;

/** Seed 004 fixed (see {@link FixedMlp}): the loss falls as the accuracy rises (see samples/README.md). */
public final class Seed004Fixed {

  private Seed004Fixed() {}

  public static void main(String[] args) {
    SampleArgs sampleArgs = SampleArgs.parseOrExit(args, "Seed004Fixed");
    MnistBatches data = MnistBatches.loadOrExit(sampleArgs, "Seed004Fixed");
    FixedMlp net = new FixedMlp(784, 300, 75, 10, Seed004Posted.LEARNING_RATE, Seed004Posted.SEED);
    double loss = 0;
    for (int step = 0; step < Seed004Posted.STEPS; step++) {
      double[][] x = data.batchX(step, Seed004Posted.BATCH);
      double[][] y = data.batchY(step, Seed004Posted.BATCH);
      loss = net.loss(x, y);
      net.train(x, y);
      if (step % Seed004Posted.PRINT_EVERY == 0 || step == Seed004Posted.STEPS - 1) {
        double[][] val = net.run(data.valX());
        System.out.println(
            String.format(
                Locale.ROOT,
                "step %d train loss %.4f val loss %.4f val acc %.3f",
                step,
                loss,
                FixedMlp.categoricalCrossEntropy(val, data.valY()),
                MnistBatches.accuracy(val, data.valY())));
      }
    }
    System.out.println("final loss: " + net.loss(data.valX(), data.valY()));
  }
}
