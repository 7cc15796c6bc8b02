package dev.backprobe.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small hand-written MLP (double[][] weights, W[out][in]) with softmax + mean cross-entropy on
 * the output and a hand-written backward pass into which known backprop bugs can be injected.
 * Tensors are named w1, b1, w2, b2, …
 */
final class Mlp {

  enum Hidden { TANH, SIGMOID, RELU }

  /** Bugs as they appear in real hand-written trainers. */
  enum Bug {
    NONE,
    /** Output error y − p instead of p − y: every gradient negated. */
    SIGN_FLIP,
    /** The first hidden layer's delta is not multiplied by f'(z1). */
    MISSING_ACTIVATION_DERIVATIVE,
    /** The second hidden layer's delta is multiplied by f'(z2) twice. */
    DERIVATIVE_APPLIED_TWICE,
    /** δ1 = W2·δ2 instead of W2ᵀ·δ2 (W2 must be square). */
    WRONG_TRANSPOSE,
    /** The output bias gradient is the first example's delta, not the batch mean. */
    BIAS_FROM_ONE_EXAMPLE,
    /** The second layer's weight gradient is summed over the batch, not averaged. */
    LAYER_NOT_AVERAGED
  }

  final int[] sizes;
  final double[][][] w;
  final double[][] b;
  final Hidden hidden;
  private long lastPattern;

  Mlp(int[] sizes, Hidden hidden, long seed) {
    this.sizes = sizes.clone();
    this.hidden = hidden;
    int layers = sizes.length - 1;
    w = new double[layers][][];
    b = new double[layers][];
    Random random = new Random(seed);
    for (int l = 0; l < layers; l++) {
      w[l] = new double[sizes[l + 1]][sizes[l]];
      b[l] = new double[sizes[l + 1]];
      double scale = 1.5 / Math.sqrt(sizes[l]);
      for (double[] row : w[l]) {
        for (int i = 0; i < row.length; i++) {
          row[i] = scale * random.nextGaussian();
        }
      }
      for (int i = 0; i < b[l].length; i++) {
        b[l][i] = 0.1 * random.nextGaussian();
      }
    }
  }

  List<Parameter> parameters() {
    List<Parameter> out = new ArrayList<>();
    for (int l = 0; l < w.length; l++) {
      out.add(Parameter.of("w" + (l + 1), w[l]));
      out.add(Parameter.of("b" + (l + 1), b[l]));
    }
    return out;
  }

  /** Activations per layer for one example: a[0] = x, a[L] = softmax output. */
  private double[][] forward(double[] x, double[][] z) {
    int layers = w.length;
    double[][] a = new double[layers + 1][];
    a[0] = x;
    for (int l = 0; l < layers; l++) {
      z[l] = new double[sizes[l + 1]];
      for (int j = 0; j < z[l].length; j++) {
        double s = b[l][j];
        for (int i = 0; i < sizes[l]; i++) {
          s += w[l][j][i] * a[l][i];
        }
        z[l][j] = s;
      }
      a[l + 1] = l == layers - 1 ? softmax(z[l]) : activate(z[l]);
    }
    return a;
  }

  double loss(double[][] x, int[] labels) {
    double total = 0;
    long pattern = 1;
    for (int n = 0; n < x.length; n++) {
      double[][] z = new double[w.length][];
      double[][] a = forward(x[n], z);
      total -= Math.log(a[w.length][labels[n]]);
      for (int l = 0; l < w.length - 1; l++) {
        for (double v : z[l]) {
          pattern = pattern * 31 + (v > 0 ? 1 : 0);
        }
      }
    }
    lastPattern = pattern;
    return total / x.length;
  }

  /** Hash of every hidden unit's on/off state in the last {@link #loss} call. */
  long reluPattern() {
    return lastPattern;
  }

  /** Gradients of the mean loss, row-major per tensor, with {@code bug} injected. */
  Map<String, double[]> gradients(double[][] x, int[] labels, Bug bug) {
    int layers = w.length;
    double[][][] dw = new double[layers][][];
    double[][] db = new double[layers][];
    for (int l = 0; l < layers; l++) {
      dw[l] = new double[sizes[l + 1]][sizes[l]];
      db[l] = new double[sizes[l + 1]];
    }
    int batch = x.length;
    for (int n = 0; n < batch; n++) {
      double[][] z = new double[layers][];
      double[][] a = forward(x[n], z);
      double[] delta = a[layers].clone();
      delta[labels[n]] -= 1;
      if (bug == Bug.SIGN_FLIP) {
        for (int k = 0; k < delta.length; k++) {
          delta[k] = -delta[k];
        }
      }
      for (int l = layers - 1; l >= 0; l--) {
        boolean notAveraged = bug == Bug.LAYER_NOT_AVERAGED && l == 1;
        double weight = notAveraged ? 1.0 : 1.0 / batch;
        for (int j = 0; j < delta.length; j++) {
          for (int i = 0; i < sizes[l]; i++) {
            dw[l][j][i] += weight * delta[j] * a[l][i];
          }
          if (bug == Bug.BIAS_FROM_ONE_EXAMPLE && l == layers - 1) {
            db[l][j] = n == 0 ? delta[j] : db[l][j];
          } else {
            db[l][j] += delta[j] / batch;
          }
        }
        if (l == 0) {
          break;
        }
        double[] previous = new double[sizes[l]];
        for (int i = 0; i < sizes[l]; i++) {
          double s = 0;
          for (int j = 0; j < delta.length; j++) {
            s += (bug == Bug.WRONG_TRANSPOSE && l == 1 ? w[l][i][j] : w[l][j][i]) * delta[j];
          }
          double derivative = derivative(z[l - 1][i], a[l][i]);
          if (bug == Bug.MISSING_ACTIVATION_DERIVATIVE && l == 1) {
            derivative = 1;
          }
          if (bug == Bug.DERIVATIVE_APPLIED_TWICE && l == 2) {
            derivative *= derivative(z[l - 1][i], a[l][i]);
          }
          previous[i] = s * derivative;
        }
        delta = previous;
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int l = 0; l < layers; l++) {
      out.put("w" + (l + 1), flatten(dw[l]));
      out.put("b" + (l + 1), db[l]);
    }
    return out;
  }

  List<ParameterGradient> parameterGradients(double[][] x, int[] labels, Bug bug) {
    Map<String, double[]> g = gradients(x, labels, bug);
    List<ParameterGradient> out = new ArrayList<>();
    for (Parameter p : parameters()) {
      out.add(new ParameterGradient(p, g.get(p.name())));
    }
    return out;
  }

  private double[] activate(double[] z) {
    double[] a = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      a[i] = switch (hidden) {
        case TANH -> Math.tanh(z[i]);
        case SIGMOID -> 1 / (1 + Math.exp(-z[i]));
        case RELU -> Math.max(0, z[i]);
      };
    }
    return a;
  }

  private double derivative(double z, double a) {
    return switch (hidden) {
      case TANH -> 1 - a * a;
      case SIGMOID -> a * (1 - a);
      case RELU -> z > 0 ? 1 : 0;
    };
  }

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] p = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  static double[] flatten(double[][] m) {
    int cols = m.length == 0 ? 0 : m[0].length;
    double[] out = new double[m.length * cols];
    for (int r = 0; r < m.length; r++) {
      System.arraycopy(m[r], 0, out, r * cols, cols);
    }
    return out;
  }

  /** A batch of Gaussian inputs with random labels. */
  static double[][] inputs(int batch, int width, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[batch][width];
    for (double[] row : x) {
      for (int i = 0; i < width; i++) {
        row[i] = random.nextGaussian();
      }
    }
    return x;
  }

  static int[] labels(int batch, int classes, long seed) {
    Random random = new Random(seed);
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }
}
