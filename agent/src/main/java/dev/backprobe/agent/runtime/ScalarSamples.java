package dev.backprobe.agent.runtime;

import java.util.Arrays;

/**
 * The arguments of one scalar function over a captured step, sampled evenly however many calls
 * there are: the calls numbered 0, s, 2s, … for a stride s that doubles (keeping every second
 * sample) each time the buffer fills.
 *
 * <p>Why evenly: a trainer calls its {@code sigmoid(double)} for the first layer's units before the
 * second layer's, and its derivative in the backward pass layer by layer; the first calls alone
 * would only ever describe the first layer, so a later layer's activations would get no kind and
 * a derivative fed the wrong array there would go unseen.
 */
final class ScalarSamples {

  /** Samples kept at most per function per step (halved, never exceeded, as the stride grows). */
  static final int CAPACITY = 256;

  private final double[] values = new double[CAPACITY];
  private int kept;
  private long calls;
  private long stride = 1;

  /** One more call with this argument. */
  void add(double argument) {
    long call = calls++;
    if (call % stride != 0) {
      return;
    }
    if (kept == CAPACITY) {
      for (int i = 0; i < CAPACITY / 2; i++) {
        values[i] = values[2 * i];
      }
      kept = CAPACITY / 2;
      stride *= 2;
      if (call % stride != 0) {
        return;
      }
    }
    values[kept++] = argument;
  }

  /** The samples, in call order. */
  double[] values() {
    return Arrays.copyOf(values, kept);
  }

  /** How many calls there were. */
  long calls() {
    return calls;
  }
}
