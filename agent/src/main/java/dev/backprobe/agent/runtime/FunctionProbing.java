package dev.backprobe.agent.runtime;

import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Identifies activation functions and checks derivative functions by calling them on test values:
 * the seam over the toolkit's {@code ActivationProber} and {@code DerivativeChecker}.
 */
public interface FunctionProbing {

  /** The activation an elementwise function computes, or {@link ActivationKind#UNKNOWN}. */
  Identified identify(DoubleUnaryOperator function);

  /** The activation a matrix function computes (elementwise kinds or a softmax per axis). */
  Identified identifyRows(UnaryOperator<double[][]> function);

  /**
   * How a candidate derivative relates to an activation's derivative.
   *
   * @param slope a leaky ReLU's forward slope, or NaN when unknown (then the candidate's own)
   */
  DerivativeCheck checkDerivative(ActivationKind kind, double slope, DoubleUnaryOperator candidate);

  /** @param slope a leaky ReLU's fitted slope for z &lt; 0, else NaN */
  record Identified(ActivationKind kind, double maxError, double slope) {}

  record DerivativeCheck(
      DerivativeConvention convention, DerivativeVerdict verdict, double maxError, String detail) {}
}
