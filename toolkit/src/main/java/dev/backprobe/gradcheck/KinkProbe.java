package dev.backprobe.gradcheck;

/**
 * Reports which piece of a piecewise-smooth function the last loss evaluation used, so that a
 * finite difference straddling a kink (a ReLU switching between 0 and its input) can be told from
 * a wrong gradient.
 */
@FunctionalInterface
public interface KinkProbe {

  /**
   * A signature of the pieces used by the most recent {@link LossFunction#evaluate()}, e.g. a hash
   * of every ReLU's zero pattern. Equal signatures mean the same pieces.
   */
  long signature();
}
