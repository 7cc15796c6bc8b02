package dev.backprobe.api;

import dev.backprobe.probe.FloatUnaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Backprobe without the agent: verify one training step, an analytic gradient, or a single
 * activation or derivative function, from code or a unit test.
 *
 * <pre>{@code
 * Verification v = Backprobe.model(net)
 *     .loss(n -> n.loss(x, y))
 *     .step(n -> n.trainStep(x, y))
 *     .verify();
 * FunctionProbe p = Backprobe.probe(Net::squash);   // p.activation().kind() == SIGMOID
 * }</pre>
 */
public final class Backprobe {

  private Backprobe() {}

  /** Starts verifying a model: an object whose fields hold its tensors (or a {@link Class}). */
  public static <M> ModelCheck<M> model(M model) {
    if (model == null) {
      throw new IllegalArgumentException("the model is null");
    }
    return new ModelCheck<>(model);
  }

  /** Probes a {@code double → double} function. */
  public static FunctionProbe probe(DoubleUnaryOperator function) {
    return FunctionProbe.scalar(function);
  }

  /** Probes a {@code float → float} function. */
  public static FunctionProbe probeFloat(FloatUnaryOperator function) {
    return FunctionProbe.floatScalar(function);
  }

  /** Probes a {@code double[] → double[]} function (elementwise, or a softmax of the vector). */
  public static FunctionProbe probeArray(UnaryOperator<double[]> function) {
    return FunctionProbe.vector(function);
  }

  /** Probes a {@code double[][] → double[][]} function (elementwise, or a softmax per axis). */
  public static FunctionProbe probeMatrix(UnaryOperator<double[][]> function) {
    return FunctionProbe.matrix(function);
  }

  /** A batch of activations (rows = examples) to make assertions about. */
  public static ActivationBatch activations(double[][] batch) {
    return ActivationBatch.of(batch);
  }

  /** Backprobe's version, from the jar's manifest; {@code dev} when run from classes. */
  public static String version() {
    String version = Backprobe.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
