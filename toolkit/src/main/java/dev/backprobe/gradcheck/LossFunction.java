package dev.backprobe.gradcheck;

/**
 * The scalar loss at the parameters' current values. The checker calls it many times with one
 * coordinate (or one direction) perturbed; it must read the parameters through the same storage the
 * {@link Parameter} views write to, and must not change them.
 */
@FunctionalInterface
public interface LossFunction {

  /** The loss at the current parameter values. */
  double evaluate() throws Exception;
}
