package dev.backprobe.samples.seed002;

import dev.backprobe.samples.data.SampleArgs;

/** Seed 002 fixed (see {@link FixedNeuralNetwork}): same data, sizes and learning rate (see samples/README.md). */
public final class Seed002Fixed {

  private Seed002Fixed() {}

  public static void main(String[] args) {
    SampleArgs.parseOrExit(args, "Seed002Fixed");
    FixedNeuralNetwork net = new FixedNeuralNetwork(Seed002Posted.SHAPE, Seed002Posted.SEED);
    double[][] input = Disc.inputs();
    double[][] target = Disc.targets();
    net.train(input, target, Seed002Posted.LEARNING_RATE, Seed002Posted.ITERATIONS, Seed002Posted.PRINT_EVERY);
    System.out.println("final loss: " + net.loss(input, target));
  }
}
