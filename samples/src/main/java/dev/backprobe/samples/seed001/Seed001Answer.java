package dev.backprobe.samples.seed001;

import dev.backprobe.samples.data.SampleArgs;

/** Seed 001 with the accepted answer's `-=` and learning rate: the loss climbs (see samples/README.md). */
public final class Seed001Answer {

  private Seed001Answer() {}

  public static void main(String[] args) {
    SampleArgs sampleArgs = SampleArgs.parseOrExit(args, "Seed001Answer");
    Digits digits = Digits.loadOrExit(sampleArgs, "Seed001Answer");
    AnswerDigitNetwork net = new AnswerDigitNetwork(784, 16, 10, Seed001Posted.SEED);
    for (int i = 0; i < Seed001Posted.ITERATIONS; i++) {
      double loss = net.loss(digits.inputs(), digits.outputs());
      double[][] trainedOutputs = net.train(digits.inputs(), digits.outputs());
      Digits.report(i, loss, trainedOutputs);
    }
    System.out.println("final loss: " + net.loss(digits.inputs(), digits.outputs()));
  }
}
