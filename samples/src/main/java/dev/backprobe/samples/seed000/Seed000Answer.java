package dev.backprobe.samples.seed000;

import dev.backprobe.samples.data.SampleArgs;

/** Seed 000 with the accepted answer's derivative (see {@link AnswerNetwork}): still climbs to 18. */
public final class Seed000Answer {
  private Seed000Answer() {}

  public static void main(String[] args) {
    SampleArgs.parse(args);
    AnswerNetwork net =
        new AnswerNetwork(
            SixPoints.x(), SixPoints.y(), Seed000Posted.LEARNING_RATE, Seed000Posted.SEED);
    Seed000Posted.train(net);
  }
}
