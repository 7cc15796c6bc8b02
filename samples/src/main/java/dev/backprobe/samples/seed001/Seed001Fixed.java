package dev.backprobe.samples.seed001;

import dev.backprobe.samples.data.SampleArgs;
import java.util.Arrays;
import java.util.Locale;

/**
 * Seed 001 fixed (see {@link FixedDigitNetwork}). Besides the learning rate, the loop feeds
 * mini-batches: full-batch gradient descent with a sane step needs hundreds of passes over the 5 000
 * images to get anywhere, which would not fit the samples' time budget; mini-batches get there in a
 * few passes for the same cost per pass.
 */
public final class Seed001Fixed {
  // FIX (loop): mini-batches of 100 examples, a few passes over the data, instead of 10 full-batch
  // iterations.
  static final int BATCH = 100;
  static final int EPOCHS = 6;
  static final int PRINT_EVERY = 25;

  private Seed001Fixed() {}

  public static void main(String[] args) {
    SampleArgs sampleArgs = SampleArgs.parseOrExit(args, "Seed001Fixed");
    Digits digits = Digits.loadOrExit(sampleArgs, "Seed001Fixed");
    FixedDigitNetwork net = new FixedDigitNetwork(784, 16, 10, Seed001Posted.SEED);
    int n = digits.inputs().length;
    int step = 0;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      for (int start = 0; start + BATCH <= n; start += BATCH) {
        double[][] x = Arrays.copyOfRange(digits.inputs(), start, start + BATCH);
        double[][] y = Arrays.copyOfRange(digits.outputs(), start, start + BATCH);
        double loss = net.loss(x, y);
        net.train(x, y);
        if (step % PRINT_EVERY == 0) {
          System.out.println(String.format(Locale.ROOT, "step %d batch loss %.6f", step, loss));
        }
        step++;
      }
    }
    System.out.println("final loss: " + net.loss(digits.inputs(), digits.outputs()));
  }
}
