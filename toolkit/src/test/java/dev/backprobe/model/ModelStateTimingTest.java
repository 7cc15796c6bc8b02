package dev.backprobe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Measures snapshot and restore of a 784-300-75-10 MLP (258 835 parameters, the size DESIGN.md
 * budgets for) and logs the times; the numbers go into docs/testing.md. It asserts correctness
 * only: a timing threshold would fail on a busy build machine without saying anything.
 */
class ModelStateTimingTest {

  static class Mlp {
    double[][] w1 = new double[300][784];
    double[] b1 = new double[300];
    double[][] w2 = new double[75][300];
    double[] b2 = new double[75];
    double[][] w3 = new double[10][75];
    double[] b3 = new double[10];
    Random rng = new Random(1);

    Mlp() {
      for (double[][] w : new double[][][] {w1, w2, w3}) {
        for (double[] row : w) {
          for (int i = 0; i < row.length; i++) {
            row[i] = rng.nextGaussian() * 0.05;
          }
        }
      }
    }
  }

  private static final int REPETITIONS = 50;

  @Test
  void should_snapshot_and_restore_a_large_mlp_quickly_and_exactly() {
    Mlp net = new Mlp();
    ModelState state = ModelState.capture(net);
    long[] captureNanos = new long[REPETITIONS];
    long[] restoreNanos = new long[REPETITIONS];
    for (int i = 0; i < REPETITIONS; i++) {
      long start = System.nanoTime();
      state = ModelState.capture(net);
      captureNanos[i] = System.nanoTime() - start;
      net.w1[i][i] += 1;
      start = System.nanoTime();
      state.restore();
      restoreNanos[i] = System.nanoTime() - start;
    }

    long parameters = state.tensors().stream().mapToLong(DiscoveredTensor::size).sum();
    System.out.printf(
        "ModelState on a 784-300-75-10 MLP (%d parameters, %d values copied, %s): capture"
            + " median %.2f ms, restore median %.2f ms%n",
        parameters,
        state.copiedValues(),
        Runtime.version(),
        median(captureNanos) / 1e6,
        median(restoreNanos) / 1e6);
    assertThat(parameters).isEqualTo(258_835);
    assertThat(net.w1[REPETITIONS - 1][REPETITIONS - 1])
        .isEqualTo(state.values("w1").orElseThrow()[(REPETITIONS - 1) * 785]);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
