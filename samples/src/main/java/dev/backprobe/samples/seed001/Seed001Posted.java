package dev.backprobe.samples.seed001;

import dev.backprobe.samples.data.SampleArgs;

/** Seed 001 as posted: after the first step every output is 0 (see samples/README.md). */
public final class Seed001Posted {
  static final int ITERATIONS = 10;
  static final long SEED = 1;

  private Seed001Posted() {}

  public static void main(String[] args) {
    SampleArgs sampleArgs = SampleArgs.parseOrExit(args, "Seed001Posted");
    Digits digits = Digits.loadOrExit(sampleArgs, "Seed001Posted");
    DigitNetwork net = new DigitNetwork(784, 16, 10, SEED);
    for (int i = 0; i < ITERATIONS; i++) {
      double loss = net.loss(digits.inputs(), digits.outputs());
      double[][] trainedOutputs = net.train(digits.inputs(), digits.outputs());
      Digits.report(i, loss, trainedOutputs);
    }
    System.out.println("final loss: " + net.loss(digits.inputs(), digits.outputs()));
  }
}
