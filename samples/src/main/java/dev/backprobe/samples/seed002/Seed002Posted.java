package dev.backprobe.samples.seed002;

import dev.backprobe.samples.data.SampleArgs;

/** Seed 002 as posted: the error decreases, then plateaus far from zero (see samples/README.md). */
public final class Seed002Posted {
  static final int[] SHAPE = {2, 5, 1};
  static final double LEARNING_RATE = 0.1;
  static final int ITERATIONS = 10000;
  static final int PRINT_EVERY = 500;
  static final long SEED = 2;

  private Seed002Posted() {}

  public static void main(String[] args) {
    SampleArgs.parseOrExit(args, "Seed002Posted");
    NeuralNetwork net = new NeuralNetwork(SHAPE, SEED);
    double[][] input = Disc.inputs();
    double[][] target = Disc.targets();
    net.train(input, target, LEARNING_RATE, ITERATIONS, PRINT_EVERY);
    System.out.println("final loss: " + net.loss(input, target));
  }
}
