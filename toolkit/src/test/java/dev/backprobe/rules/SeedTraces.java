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
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;

/**
 * Traces shaped like the ground truth of the five seed trainers (DESIGN.md, "Ground truth for the
 * seeds"): the numbers are the ones the ground truth states, the rest is ordinary.
 */
final class SeedTraces {

  private SeedTraces() {}

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Sigmoid values: mid-range, or pinned at 0/1 on every example. */
  private static double[][] sigmoidBatch(int rows, int columns, int seed, boolean pinned) {
    return matrix(rows, columns, (i, j) -> pinned
        ? (noise(i, j, seed) > 0 ? 0.9999 : 0.00005)
        : sigmoid(noise(i, j, seed)));
  }

  /**
   * 000: the output error is 2·Σ(y − a); both layers' updates climb (cos −1.00), the loss rises to
   * 18 and the sigmoids saturate.
   */
  static Trace seed000() {
    int[] captured = {1, 2, 3, 5, 10, 20, 50, 100};
    return TraceBuilder.trace()
        .losses(100, s -> 0.5 * Math.pow(36, (s - 1) / 99.0))
        .steps(captured, (step, s) -> {
          boolean late = step >= 3;
          s.loss(0.5 * Math.pow(36, (step - 1) / 99.0));
          s.batch("train", "x", TensorRole.INPUT, null, matrix(4, 2, (i, j) -> (double) ((i >> j) & 1)), 20);
          s.parameter("w1", matrix(2, 3, (i, j) -> noise(i, j, 1) * (1 + 0.05 * step)), 1e-2);
          s.batch("forward", "a1", TensorRole.ACTIVATION, "sigmoid",
              sigmoidBatch(4, 3, step, late), 31);
          s.parameter("w2", matrix(3, 1, (i, j) -> noise(i, j, 2) * (1 + 0.05 * step)), 1e-2);
          s.batch("forward", "a2", TensorRole.OUTPUT, "sigmoid",
              sigmoidBatch(4, 1, step + 50, late), 33);
          s.batch("train", "y", TensorRole.TARGET, null,
              matrix(4, 1, (i, j) -> (double) (Integer.bitCount(i) & 1)), 21);
          s.check("w1", CheckVerdict.CLIMBS, -1.0, 2.0, -0.3, CheckMode.COORDINATES, 6);
          s.check("w2", CheckVerdict.CLIMBS, -1.0, 2.0, -0.3, CheckMode.COORDINATES, 3);
        })
        .build();
  }

  /**
   * 001: no learning rate and a sum over 10 000 examples: update/weight far above 1 at first, every
   * sigmoid saturates, then the updates vanish; the sign is right (cos +1.00).
   */
  static Trace seed001() {
    int[] captured = {1, 2, 3, 5, 10, 20};
    double[] ratio = {40, 25, 3, 1e-3, 1e-4, 1e-5};
    double[] loss = {0.45, 0.10, 0.09, 0.09, 0.09, 0.09};
    TraceBuilder trace = TraceBuilder.trace().losses(20, s -> s == 1 ? 0.45 : s == 2 ? 0.1 : 0.09);
    for (int k = 0; k < captured.length; k++) {
      int step = captured[k];
      double r = ratio[k];
      double l = loss[k];
      trace.step(step, s -> {
        s.loss(l);
        s.batch("train", "x", TensorRole.INPUT, null, matrix(16, 20, (i, j) -> (noise(i, j, 9) + 1) / 2), 40);
        s.parameter("w1", matrix(20, 8, (i, j) -> 0.1 * noise(i, j, 1) * step), r);
        s.batch("forward", "hidden", TensorRole.ACTIVATION, "sigmoid",
            sigmoidBatch(16, 8, step, step >= 2), 61);
        s.parameter("w2", matrix(8, 10, (i, j) -> 0.1 * noise(i, j, 2) * step), r);
        s.batch("forward", "out", TensorRole.OUTPUT, "sigmoid",
            sigmoidBatch(16, 10, step + 50, step >= 2), 63);
        s.batch("train", "y", TensorRole.TARGET, null, matrix(16, 10, (i, j) -> i % 10 == j ? 1.0 : 0.0), 41);
        s.check("w1", CheckVerdict.AGREES, 1.0, 1e-4, 4.0, CheckMode.DIRECTIONS, 160);
        s.check("w2", CheckVerdict.AGREES, 1.0, 1e-4, 4.0, CheckMode.DIRECTIONS, 80);
      });
    }
    return trace.build();
  }

  /**
   * 002: dersgm returns σ(x)(σ(x) − 1) = −σ'(x) and is fed σ(z); the output layer's error cancels
   * with the + update, the hidden layer's update climbs (cos ≈ −0.5); the MSE plateaus.
   */
  static Trace seed002() {
    return TraceBuilder.trace()
        .losses(50, s -> 0.25 + 0.001 * noise(s, 0, 4))
        .steps(new int[] {1, 2, 3, 5, 10, 20, 50}, (step, s) -> {
          s.batch("train", "x", TensorRole.INPUT, null, matrix(4, 2, (i, j) -> (double) ((i >> j) & 1)), 20);
          s.parameter("w1", matrix(2, 4, (i, j) -> noise(i, j, 1)), 2e-3);
          s.batch("forward", "l1", TensorRole.ACTIVATION, "sigmoid", sigmoidBatch(4, 4, step, false),
              30);
          s.parameter("w2", matrix(4, 1, (i, j) -> noise(i, j, 2)), 2e-3);
          s.batch("forward", "l2", TensorRole.OUTPUT, "sigmoid", sigmoidBatch(4, 1, step + 9, false),
              31);
          s.batch("train", "y", TensorRole.TARGET, null,
              matrix(4, 1, (i, j) -> (double) (Integer.bitCount(i) & 1)), 21);
          s.check("w1", CheckVerdict.CLIMBS, -0.5, 1.2, -0.02, CheckMode.COORDINATES, 8);
          s.check("w2", CheckVerdict.AGREES, 0.9999, 1e-4, 0.1, CheckMode.COORDINATES, 4);
        })
        .probe(new ProbeResult("pkg.Net#sigmoid", at("sigmoid", 10), ActivationKind.SIGMOID, null,
            null, null, 1e-16, null, null, "σ(x)"))
        .probe(new ProbeResult("pkg.Net#dersgm", at("dersgm", 14), null, ActivationKind.SIGMOID,
            DerivativeConvention.OF_INPUT, DerivativeVerdict.WRONG_SIGN, 0.25,
            DerivativeConvention.OF_OUTPUT, at("train", 45), "returns σ(x)(σ(x)−1) = −σ'(x)"))
        .build();
  }

  /**
   * 003: a leaky-ReLU output with every pre-activation negative, targets x² in [0, 1],
   * update/weight 1e-9…1e-7, gradient checks below the noise floor (with meaningless cosines).
   */
  static Trace seed003() {
    return TraceBuilder.trace()
        .losses(2000, s -> 0.2 - 1e-9 * s)
        .steps(new int[] {1, 2, 3, 5, 10, 20, 50, 100, 1000, 2000}, (step, s) -> {
          s.batch("train", "x", TensorRole.INPUT, null, matrix(20, 1, (i, j) -> i / 19.0), 20);
          s.parameter("w1", matrix(1, 10, (i, j) -> noise(i, j, 1)), 1e-9);
          s.parameter("b1", new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 1e-8);
          s.batch("forward", "h", TensorRole.ACTIVATION, "leaky-relu",
              matrix(20, 10, (i, j) -> noise(i, j, step)), 35);
          s.parameter("w2", matrix(10, 1, (i, j) -> -Math.abs(noise(i, j, 2))), 1e-7);
          s.parameter("b2", new double[] {-0.5}, 1e-7);
          s.batch("forward", "out", TensorRole.OUTPUT, "leaky-relu",
              matrix(20, 1, (i, j) -> -0.01 * (0.3 + Math.abs(noise(i, j, 5)))), 37);
          s.batch("train", "y", TensorRole.TARGET, null,
              matrix(20, 1, (i, j) -> (i / 19.0) * (i / 19.0)), 21);
          s.check("w1", CheckVerdict.BELOW_NOISE_FLOOR, -0.3, 1.4, -1e-12, CheckMode.COORDINATES, 10);
          s.check("b1", CheckVerdict.BELOW_NOISE_FLOOR, 0.2, 0.9, 1e-12, CheckMode.COORDINATES, 10);
          s.check("w2", CheckVerdict.KINK, 0.1, 0.9, 1e-12, CheckMode.COORDINATES, 10);
          s.check("b2", CheckVerdict.BELOW_NOISE_FLOOR, -0.9, 1.9, -1e-12, CheckMode.COORDINATES, 1);
        })
        .build();
  }

  /**
   * 004: softmax normalised over the whole 30×10 batch (rows ≈ 0.033, total 1); bias deltas
   * assigned (cos ≈ 0.8); weights updated through the MSE Jacobian (cos ≈ 0.98, rel. error ≈ 0.2).
   */
  static Trace seed004() {
    double[][] e = matrix(30, 10, (i, j) -> Math.exp(noise(i, j, 3)));
    double total = java.util.Arrays.stream(e).flatMapToDouble(java.util.Arrays::stream).sum();
    return TraceBuilder.trace()
        .losses(30, s -> 2.30 + 0.005 * s)
        .steps(new int[] {1, 2, 3, 5, 10, 20}, (step, s) -> {
          s.batch("run", "x", TensorRole.INPUT, null, matrix(30, 64, (i, j) -> noise(i, j, 8)), 50);
          s.parameter("weights", matrix(64, 10, (i, j) -> 0.1 * noise(i, j, 1)), 5e-3);
          s.parameter("bias", new double[] {0.01, 0.02, 0.01, 0.0, 0.01, 0.02, 0.03, 0.01, 0.02,
              0.01}, 4e-3);
          s.batch("softmax", "result", TensorRole.OUTPUT, "softmax-matrix",
              matrix(30, 10, (i, j) -> e[i][j] / total), 72);
          s.batch("train", "y", TensorRole.TARGET, null,
              matrix(30, 10, (i, j) -> i % 10 == j ? 1.0 : 0.0), 51);
          s.check("weights", CheckVerdict.MISMATCH, 0.98, 0.2, 0.05, CheckMode.DIRECTIONS, 640);
          s.check("bias", CheckVerdict.MISMATCH, 0.8, 0.45, 0.004, CheckMode.COORDINATES, 10);
        })
        .build();
  }
}
