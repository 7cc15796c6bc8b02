package dev.backprobe.bench;

import dev.backprobe.gradcheck.CheckRun;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.gradcheck.GradientChecker;
import dev.backprobe.gradcheck.KinkProbe;
import dev.backprobe.gradcheck.Parameter;
import dev.backprobe.gradcheck.ParameterUpdate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Cost of the directional gradient check on a 784-300-75-10 ReLU/softmax MLP (258 835 parameters)
 * with a batch of random MNIST-sized inputs, relative to one training step measured side by side.
 *
 * <p>Not a test. Run it with (see docs/benchmarks.md):
 *
 * <pre>
 * mvn -B -q -pl toolkit test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.backprobe.bench.GradientCheckBenchmark [-Dexec.args="7 64"]
 * </pre>
 *
 * Arguments: runs (default 7) and batch size (default 64).
 */
public final class GradientCheckBenchmark {

  private static final int[] SIZES = {784, 300, 75, 10};

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    Net net = new Net(batch, 1);
    GradientChecker checker = new GradientChecker();
    KinkProbe probe = net::pattern;
    // Warm-up: let the JIT compile forward, backward and the checker.
    for (int i = 0; i < 3; i++) {
      net.step(0.0);
      checker.runUpdates(1, net.sgdUpdates(0.05), net::loss, null);
    }
    long[] stepNanos = new long[runs];
    long[] checkNanos = new long[runs];
    long[] probedNanos = new long[runs];
    CheckRun last = null;
    CheckRun lastProbed = null;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      List<ParameterUpdate> updates = net.sgdUpdates(0.05); // forward + backward, as a step does
      long t1 = System.nanoTime();
      last = checker.runUpdates(r + 1, updates, net::loss, null);
      long t2 = System.nanoTime();
      lastProbed = checker.runUpdates(r + 1, updates, net::loss, probe);
      long t3 = System.nanoTime();
      net.apply(updates);
      long t4 = System.nanoTime();
      stepNanos[r] = (t1 - t0) + (t4 - t3);
      checkNanos[r] = t2 - t1;
      probedNanos[r] = t3 - t2;
    }
    double step = median(stepNanos) / 1e6;
    double check = median(checkNanos) / 1e6;
    double probed = median(probedNanos) / 1e6;
    System.out.printf(Locale.ROOT, "network 784-300-75-10 ReLU/softmax, %d parameters, batch %d,"
        + " %d runs (medians), %s%n", net.parameterCount(), batch, runs,
        System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "training step (forward+backward+update): %.1f ms%n", step);
    System.out.printf(Locale.ROOT,
        "directional check, numeric kink test: %d loss evaluations, %.1f ms = %.1f steps%n",
        last.lossEvaluations(), check, check / step);
    System.out.printf(Locale.ROOT,
        "directional check, with a KinkProbe:  %d loss evaluations, %.1f ms = %.1f steps%n",
        lastProbed.lossEvaluations(), probed, probed / step);
    for (CheckRun run : List.of(last, lastProbed)) {
      System.out.println(run == last ? "numeric kink test:" : "with a KinkProbe:");
      for (GradientCheck c : run.checks()) {
        System.out.printf(Locale.ROOT,
            "  %-3s %-11s %6d values %3d evals cos %.4f relErr %.2g kinks %d %s%n", c.tensor(),
            c.mode(), c.size(), c.lossEvaluations(), c.cosine(), c.relativeError(),
            c.kinkCrossings(), c.verdict());
      }
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  /** A plain MLP in flat row-major double[] weights W[out*in], as a from-scratch trainer has. */
  private static final class Net {
    final double[][] w = new double[3][];
    final double[][] b = new double[3][];
    final double[][] x;
    final int[] y;
    private long pattern;

    Net(int batch, long seed) {
      Random random = new Random(seed);
      for (int l = 0; l < 3; l++) {
        w[l] = new double[SIZES[l + 1] * SIZES[l]];
        b[l] = new double[SIZES[l + 1]];
        double scale = Math.sqrt(2.0 / SIZES[l]); // He initialisation for ReLU
        for (int i = 0; i < w[l].length; i++) {
          w[l][i] = scale * random.nextGaussian();
        }
      }
      x = new double[batch][784];
      y = new int[batch];
      for (int n = 0; n < batch; n++) {
        for (int i = 0; i < 784; i++) {
          x[n][i] = random.nextInt(256) / 255.0; // pixel intensities
        }
        y[n] = random.nextInt(10);
      }
    }

    int parameterCount() {
      int n = 0;
      for (int l = 0; l < 3; l++) {
        n += w[l].length + b[l].length;
      }
      return n;
    }

    long pattern() {
      return pattern;
    }

    /** z = W·a + b for one example. */
    private double[] affine(int l, double[] a) {
      int in = SIZES[l];
      double[] z = b[l].clone();
      for (int j = 0; j < z.length; j++) {
        double s = 0;
        int row = j * in;
        for (int i = 0; i < in; i++) {
          s += w[l][row + i] * a[i];
        }
        z[j] += s;
      }
      return z;
    }

    private double[][] forward(double[] input) {
      double[][] a = new double[4][];
      a[0] = input;
      for (int l = 0; l < 3; l++) {
        double[] z = affine(l, a[l]);
        if (l < 2) {
          for (int j = 0; j < z.length; j++) {
            z[j] = Math.max(0, z[j]);
          }
        } else {
          double max = Arrays.stream(z).max().orElse(0);
          double sum = 0;
          for (int j = 0; j < z.length; j++) {
            z[j] = Math.exp(z[j] - max);
            sum += z[j];
          }
          for (int j = 0; j < z.length; j++) {
            z[j] /= sum;
          }
        }
        a[l + 1] = z;
      }
      return a;
    }

    double loss() {
      double total = 0;
      long p = 1;
      for (int n = 0; n < x.length; n++) {
        double[][] a = forward(x[n]);
        total -= Math.log(a[3][y[n]]);
        for (int l = 1; l <= 2; l++) {
          for (double v : a[l]) {
            p = p * 31 + (v > 0 ? 1 : 0);
          }
        }
      }
      pattern = p;
      return total / x.length;
    }

    /** Forward and backward over the batch; Δθ = −η·∇L per tensor. */
    List<ParameterUpdate> sgdUpdates(double learningRate) {
      double[][] gw = new double[3][];
      double[][] gb = new double[3][];
      for (int l = 0; l < 3; l++) {
        gw[l] = new double[w[l].length];
        gb[l] = new double[b[l].length];
      }
      double inv = 1.0 / x.length;
      for (int n = 0; n < x.length; n++) {
        double[][] a = forward(x[n]);
        double[] delta = a[3].clone();
        delta[y[n]] -= 1;
        for (int l = 2; l >= 0; l--) {
          int in = SIZES[l];
          double[] previous = l > 0 ? new double[in] : null;
          for (int j = 0; j < delta.length; j++) {
            double d = delta[j] * inv;
            if (d == 0) {
              continue;
            }
            gb[l][j] += d;
            int row = j * in;
            for (int i = 0; i < in; i++) {
              gw[l][row + i] += d * a[l][i];
              if (previous != null) {
                previous[i] += w[l][row + i] * delta[j];
              }
            }
          }
          if (previous != null) {
            for (int i = 0; i < in; i++) {
              previous[i] = a[l][i] > 0 ? previous[i] : 0;
            }
          }
          delta = previous;
        }
      }
      List<ParameterUpdate> updates = new ArrayList<>();
      for (int l = 0; l < 3; l++) {
        updates.add(update("w" + (l + 1), w[l], gw[l], learningRate));
        updates.add(update("b" + (l + 1), b[l], gb[l], learningRate));
      }
      return updates;
    }

    private static ParameterUpdate update(
        String name, double[] values, double[] gradient, double learningRate) {
      double[] delta = new double[gradient.length];
      for (int i = 0; i < delta.length; i++) {
        delta[i] = -learningRate * gradient[i];
      }
      return new ParameterUpdate(Parameter.of(name, values), delta);
    }

    void apply(List<ParameterUpdate> updates) {
      for (ParameterUpdate u : updates) {
        double[] values = (double[]) u.parameter().values().target();
        for (int i = 0; i < values.length; i++) {
          values[i] += u.delta()[i];
        }
      }
    }

    void step(double learningRate) {
      apply(sgdUpdates(learningRate));
    }
  }
}
