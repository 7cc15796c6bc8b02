package dev.backprobe.samples.seed003;

import dev.backprobe.samples.data.SampleArgs;

/** Seed 003 as posted: the fit of x^2 stays a flat line (see samples/README.md). */
public final class Seed003Posted {
  static final int[] LAYER_DIMS = {1, 64, 1};
  static final double LEARNING_RATE = 0.000001;
  static final double DECAY = 0.00000001;
  // The asker ran 50 000 iterations; 5 000 show the same flat line (lr 1e-6 barely moves anything)
  // and keep the run short.
  static final int ITERATIONS = 5000;
  static final int PRINT_EVERY = 1000 + 1;
  static final long SEED = 3;

  private Seed003Posted() {}

  public static void main(String[] args) {
    SampleArgs.parseOrExit(args, "Seed003Posted");
    double[][] x = Squares.x();
    double[][] y = Squares.y(x);
    SquareFit net = new SquareFit(LAYER_DIMS, LEARNING_RATE, DECAY, x[0].length, SEED);
    net.gradCheck(x, y);
    for (int iter = 0; iter < ITERATIONS; iter++) {
      if (iter % PRINT_EVERY == 0) {
        System.out.println("Cost: " + net.cost(x, y));
      }
      net.iterate(x, y);
    }
    net.gradCheck(x, y);
    System.out.println(Squares.curve(net.predict(x)));
    System.out.println("final loss: " + net.cost(x, y));
  }
}
