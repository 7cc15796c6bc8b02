package dev.backprobe.rules;

import static dev.backprobe.trace.TraceBuilder.at;
import static dev.backprobe.trace.TraceBuilder.matrix;
import static dev.backprobe.trace.TraceBuilder.noise;

import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.trace.DerivativeCall;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;

/** Synthetic traces shared by the rule tests. */
final class Nets {

  static final int[] CAPTURED = {1, 2, 3, 5, 10};

  private Nets() {}

  /**
   * A healthy 4-3-3-2 classifier trained for 10 steps: loss falling from 0.70 to 0.27,
   * update/weight ≈ 1e-3, a ReLU and a sigmoid hidden layer in their working range, a row-wise
   * softmax output, every gradient check agreeing with one learning rate, a correct sigmoid
   * derivative fed the sigmoid's output.
   */
  static Trace healthy() {
    return healthyBuilder().build();
  }

  static TraceBuilder healthyBuilder() {
    TraceBuilder trace = TraceBuilder.trace().losses(10, s -> 0.7 * Math.pow(0.9, s - 1));
    trace.steps(CAPTURED, (step, s) -> {
      s.loss(0.7 * Math.pow(0.9, step - 1));
      s.batch("train", "x", TensorRole.INPUT, null,
          matrix(8, 4, (i, j) -> noise(i, j, step)), 30);
      s.parameter("w1", matrix(4, 3, (i, j) -> 0.5 * noise(i, j, 100)), 1e-3);
      s.parameter("b1", new double[] {0.1, 0.12, 0.08}, 1e-3);
      s.batch("forward", "h1", TensorRole.ACTIVATION, "relu",
          matrix(8, 3, (i, j) -> Math.max(0, noise(i, j, step + 7) + 0.3)), 50);
      s.parameter("w2", matrix(3, 3, (i, j) -> 0.5 * noise(i, j, 200)), 2e-3);
      s.batch("forward", "h2", TensorRole.ACTIVATION, "sigmoid",
          matrix(8, 3, (i, j) -> 1 / (1 + Math.exp(-noise(i, j, step + 11)))), 52);
      s.parameter("w3", matrix(3, 2, (i, j) -> 0.5 * noise(i, j, 300)), 1.5e-3);
      s.parameter("b3", new double[] {0.05, -0.05}, 1e-3);
      s.batch("softmax", "p", TensorRole.OUTPUT, "softmax-rows",
          matrix(8, 2, (i, j) -> {
            double a = Math.exp(noise(i, 0, step + 13));
            double b = Math.exp(noise(i, 1, step + 13));
            return (j == 0 ? a : b) / (a + b);
          }), 70);
      s.batch("train", "y", TensorRole.TARGET, null, matrix(8, 2, (i, j) -> i % 2 == j ? 1.0 : 0.0),
          31);
      s.check("w1", CheckVerdict.AGREES, 0.99999, 1e-6, 0.1, CheckMode.COORDINATES, 12);
      s.check("b1", CheckVerdict.AGREES, 0.99999, 1e-6, 0.1, CheckMode.COORDINATES, 3);
      s.check("w2", CheckVerdict.AGREES, 0.99999, 1e-6, 0.1, CheckMode.COORDINATES, 9);
      s.check("w3", CheckVerdict.AGREES, 0.99999, 1e-6, 0.1, CheckMode.COORDINATES, 6);
      s.check("b3", CheckVerdict.AGREES, 0.99999, 1e-6, 0.1, CheckMode.COORDINATES, 2);
      s.derivativeCall(new DerivativeCall("pkg.Net#dsigmoid", "pkg.Net#forward:h2",
          DerivativeConvention.OF_OUTPUT, at("backward", 60)));
    });
    trace.probe(new ProbeResult("pkg.Net#sigmoid", at("sigmoid", 20), ActivationKind.SIGMOID,
        null, null, null, 1e-15, null, null, "σ(x)"));
    trace.probe(new ProbeResult("pkg.Net#dsigmoid", at("dsigmoid", 24), null,
        ActivationKind.SIGMOID, DerivativeConvention.OF_OUTPUT, DerivativeVerdict.CORRECT, 1e-12,
        DerivativeConvention.OF_OUTPUT, at("backward", 60), "returns a(1 − a) = σ'(z) for a = σ(z)"));
    return trace;
  }
}
