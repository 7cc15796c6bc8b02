package org.example.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.example.benchsupport.HeapWatch;

/**
 * The agent-overhead benchmark's trainer: a 784-300-75-10 ReLU/softmax MLP trained by minibatch
 * SGD with cross-entropy on the real MNIST digits (IDX gzip files read directly). Computes the
 * minibatch loss after every step and prints it every 20 steps on stdout; on stderr one line {@code bench trainMs peakMb
 * retainedMb} for the benchmark driver.
 */
public class MnistMlp {
  static final int[] SIZES = {784, 300, 75, 10};
  /**
   * Images loaded at most (and cycled through). The repository's MNIST subset holds 5 000, so all of
   * them are: 5 000 × 784 doubles = 31 MB.
   */
  static final int IMAGES = 10000;
  final double[][][] weights = new double[3][][];
  final double[][] biases = new double[3][];
  final double rate;

  MnistMlp(double rate, long seed) {
    this.rate = rate;
    Random random = new Random(seed);
    for (int l = 0; l < 3; l++) {
      weights[l] = new double[SIZES[l]][SIZES[l + 1]];
      biases[l] = new double[SIZES[l + 1]];
      double std = Math.sqrt(2.0 / SIZES[l]);
      for (double[] row : weights[l]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = random.nextGaussian() * std;
        }
      }
    }
  }

  double[][] affine(double[][] a, int l) {
    double[][] w = weights[l];
    double[][] z = new double[a.length][biases[l].length];
    for (int n = 0; n < a.length; n++) {
      double[] zn = z[n];
      System.arraycopy(biases[l], 0, zn, 0, zn.length);
      for (int i = 0; i < w.length; i++) {
        double x = a[n][i];
        if (x != 0) {
          double[] wi = w[i];
          for (int j = 0; j < zn.length; j++) {
            zn[j] += x * wi[j];
          }
        }
      }
    }
    return z;
  }

  static double[][] relu(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int n = 0; n < z.length; n++) {
      for (int j = 0; j < z[n].length; j++) {
        a[n][j] = Math.max(0, z[n][j]);
      }
    }
    return a;
  }

  static double[][] softmax(double[][] s) {
    double[][] p = new double[s.length][s[0].length];
    for (int n = 0; n < s.length; n++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s[n]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int k = 0; k < s[n].length; k++) {
        p[n][k] = Math.exp(s[n][k] - max);
        sum += p[n][k];
      }
      for (int k = 0; k < s[n].length; k++) {
        p[n][k] /= sum;
      }
    }
    return p;
  }

  double loss(double[][] x, int[] labels) {
    double[][] p = softmax(affine(relu(affine(relu(affine(x, 0)), 1)), 2));
    double sum = 0;
    for (int n = 0; n < x.length; n++) {
      sum -= Math.log(Math.max(p[n][labels[n]], 1e-300));
    }
    return sum / x.length;
  }

  void trainStep(double[][] x, int[] labels) {
    double[][] z1 = affine(x, 0);
    double[][] a1 = relu(z1);
    double[][] z2 = affine(a1, 1);
    double[][] a2 = relu(z2);
    double[][] probabilities = softmax(affine(a2, 2));
    int batch = x.length;
    double[][] delta = new double[batch][10];
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < 10; k++) {
        delta[n][k] = (probabilities[n][k] - (labels[n] == k ? 1 : 0)) / batch;
      }
    }
    double[][][] inputs = {x, a1, a2};
    for (int l = 2; l >= 0; l--) {
      double[][] w = weights[l];
      double[][] below = null;
      if (l > 0) {
        below = new double[batch][w.length];
        for (int n = 0; n < batch; n++) {
          for (int i = 0; i < w.length; i++) {
            if (inputs[l][n][i] > 0) {
              double s = 0;
              for (int j = 0; j < delta[n].length; j++) {
                s += delta[n][j] * w[i][j];
              }
              below[n][i] = s;
            }
          }
        }
      }
      for (int n = 0; n < batch; n++) {
        double[] dn = delta[n];
        for (int j = 0; j < dn.length; j++) {
          biases[l][j] -= rate * dn[j];
        }
        for (int i = 0; i < w.length; i++) {
          double a = inputs[l][n][i];
          if (a != 0) {
            double[] wi = w[i];
            for (int j = 0; j < dn.length; j++) {
              wi[j] -= rate * a * dn[j];
            }
          }
        }
      }
      delta = below;
    }
  }

  static DataInputStream idx(Path file) throws IOException {
    InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
    return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
  }

  /** The first {@code count} images of an IDX3 file, scaled to [0, 1]. */
  static double[][] images(Path file, int count) throws IOException {
    try (DataInputStream in = idx(file)) {
      if (in.readInt() != 0x803) {
        throw new IOException(file + " is not an IDX3 image file");
      }
      int available = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      double[][] out = new double[Math.min(count, available)][rows * cols];
      byte[] pixels = new byte[rows * cols];
      for (double[] image : out) {
        in.readFully(pixels);
        for (int i = 0; i < pixels.length; i++) {
          image[i] = (pixels[i] & 0xff) / 255.0;
        }
      }
      return out;
    }
  }

  static int[] labels(Path file, int count) throws IOException {
    try (DataInputStream in = idx(file)) {
      if (in.readInt() != 0x801) {
        throw new IOException(file + " is not an IDX1 label file");
      }
      int[] out = new int[Math.min(count, in.readInt())];
      for (int i = 0; i < out.length; i++) {
        out[i] = in.readUnsignedByte();
      }
      return out;
    }
  }

  /** {@code main MNIST_DIR STEPS BATCH}. */
  public static void main(String[] args) throws IOException {
    HeapWatch.start();
    Path dir = Path.of(args[0]);
    int steps = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int count = Math.min(IMAGES, steps * batch);
    double[][] images = images(dir.resolve("train-images-idx3-ubyte.gz"), count);
    int[] labels = labels(dir.resolve("train-labels-idx1-ubyte.gz"), count);
    MnistMlp net = new MnistMlp(0.05, 1);
    long start = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      int from = (s * batch) % (images.length - batch + 1);
      double[][] x = java.util.Arrays.copyOfRange(images, from, from + batch);
      int[] y = java.util.Arrays.copyOfRange(labels, from, from + batch);
      net.trainStep(x, y);
      double loss = net.loss(x, y);
      if ((s + 1) % 20 == 0) {
        System.out.println("step " + (s + 1) + " loss " + loss);
      }
    }
    long trainMs = (System.nanoTime() - start) / 1_000_000;
    System.err.println("bench " + trainMs + " " + HeapWatch.report());
  }
}
