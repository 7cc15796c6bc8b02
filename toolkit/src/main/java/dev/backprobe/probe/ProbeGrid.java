package dev.backprobe.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic inputs every function is probed on: ordinary values (negative, zero, positive,
 * near the kink, in the saturated tails up to ±20) that must give finite results, and large ones
 * (±50…±1000) where overflow to NaN or ∞ is tolerated. Matrix functions also get several shapes,
 * because a softmax over the whole matrix is indistinguishable from a row softmax on one row.
 */
final class ProbeGrid {

  /** One input: a matrix of values, and whether non-finite outputs are tolerated on it. */
  record Case(double[][] values, boolean large) {
    int rows() {
      return values.length;
    }

    int cols() {
      return values[0].length;
    }
  }

  /** Ordinary inputs: finite results required. 40 values so they fill a 5×8 matrix. */
  static final double[] ORDINARY = {
    -20, -15, -10, -8, -6, -5, -4, -3, -2.5, -2, -1.5, -1, -0.75, -0.5, -0.3, -0.1, -0.01, -0.001,
    0, 0.001, 0.01, 0.1, 0.3, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, -0.25, 0.25, 3.7
  };

  /** Large inputs: exp overflows on some of them, in float or in double. */
  static final double[] LARGE = {-1000, -500, -100, -50, 50, 100, 500, 1000};

  /** Inputs for derivative checks: the ordinary grid (the kink at 0 is skipped where it matters). */
  static final double[] DERIVATIVE = ORDINARY;

  private ProbeGrid() {}

  /** The cases for a function of the given arity. */
  static List<Case> cases(ProbedFunction.Arity arity) {
    List<Case> cases = new ArrayList<>();
    switch (arity) {
      case SCALAR:
        cases.add(new Case(new double[][] {ORDINARY.clone()}, false));
        cases.add(new Case(new double[][] {LARGE.clone()}, true));
        break;
      case VECTOR:
        cases.add(new Case(new double[][] {ORDINARY.clone()}, false));
        cases.add(new Case(shaped(1, 4), false));
        cases.add(new Case(new double[][] {{0.7}}, false));
        cases.add(new Case(new double[][] {LARGE.clone()}, true));
        break;
      default:
        cases.add(new Case(reshape(ORDINARY, 5, 8), false));
        cases.add(new Case(shaped(1, 5), false));
        cases.add(new Case(shaped(5, 1), false));
        cases.add(new Case(shaped(3, 4), false));
        cases.add(new Case(shaped(4, 3), false));
        cases.add(new Case(reshape(LARGE, 2, 4), true));
        break;
    }
    return cases;
  }

  /**
   * A rows×cols matrix of distinct, irregular values in [−3, 3], so that row, column and whole-matrix
   * sums all differ.
   */
  static double[][] shaped(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = 3.0 * Math.sin(1.7 * i + 0.9 * j + 0.3 * i * j + 0.4);
      }
    }
    return m;
  }

  static double[][] reshape(double[] values, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int k = 0; k < rows * cols; k++) {
      m[k / cols][k % cols] = values[k];
    }
    return m;
  }
}
