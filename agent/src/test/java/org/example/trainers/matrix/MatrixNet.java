package org.example.trainers.matrix;

import java.util.Random;

/**
 * A 5-12-4 ReLU/softmax classifier on a home-made {@link Matrix}, trained with cross-entropy on
 * minibatches that it shuffles with its own {@link Random} every epoch. The {@code whole} twin's
 * softmax normalises the whole batch matrix instead of each row.
 */
public class MatrixNet {
  Matrix w1;
  Matrix b1 = new Matrix(1, 12);
  Matrix w2;
  Matrix b2 = new Matrix(1, 4);
  final double rate;
  final boolean whole;
  final Random shuffler = new Random(99);

  MatrixNet(double rate, boolean whole) {
    Random init = new Random(21);
    this.w1 = Matrix.gaussian(5, 12, Math.sqrt(2.0 / 5), init);
    this.w2 = Matrix.gaussian(12, 4, Math.sqrt(2.0 / 12), init);
    this.rate = rate;
    this.whole = whole;
  }

  static Matrix relu(Matrix z) {
    Matrix a = new Matrix(z.rows, z.cols);
    for (int i = 0; i < z.data.length; i++) {
      a.data[i] = Math.max(0, z.data[i]);
    }
    return a;
  }

  Matrix softmax(Matrix s) {
    Matrix p = new Matrix(s.rows, s.cols);
    if (whole) {
      double sum = 0;
      for (int i = 0; i < s.data.length; i++) {
        p.data[i] = Math.exp(s.data[i]);
        sum += p.data[i];
      }
      for (int i = 0; i < s.data.length; i++) {
        p.data[i] /= sum;
      }
      return p;
    }
    for (int r = 0; r < s.rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < s.cols; c++) {
        max = Math.max(max, s.get(r, c));
      }
      double sum = 0;
      for (int c = 0; c < s.cols; c++) {
        double e = Math.exp(s.get(r, c) - max);
        p.set(r, c, e);
        sum += e;
      }
      for (int c = 0; c < s.cols; c++) {
        p.set(r, c, p.get(r, c) / sum);
      }
    }
    return p;
  }

  double crossEntropy(Matrix x, int[] labels) {
    Matrix probabilities = softmax(relu(x.times(w1).addRow(b1)).times(w2).addRow(b2));
    double sum = 0;
    for (int n = 0; n < x.rows; n++) {
      sum -= Math.log(probabilities.get(n, labels[n]));
    }
    return sum / x.rows;
  }

  void trainOn(Matrix x, int[] labels) {
    Matrix z1 = x.times(w1).addRow(b1);
    Matrix hidden = relu(z1);
    Matrix scores = hidden.times(w2).addRow(b2);
    Matrix probabilities = softmax(scores);
    Matrix dScores = new Matrix(x.rows, 4);
    for (int n = 0; n < x.rows; n++) {
      for (int k = 0; k < 4; k++) {
        dScores.set(n, k, (probabilities.get(n, k) - (labels[n] == k ? 1 : 0)) / x.rows);
      }
    }
    Matrix dW2 = hidden.transposeTimes(dScores);
    Matrix dB2 = dScores.columnSums();
    Matrix dHidden = dScores.timesTranspose(w2);
    for (int i = 0; i < dHidden.data.length; i++) {
      if (z1.data[i] <= 0) {
        dHidden.data[i] = 0;
      }
    }
    Matrix dW1 = x.transposeTimes(dHidden);
    Matrix dB1 = dHidden.columnSums();
    w1.subtractScaled(rate, dW1);
    b1.subtractScaled(rate, dB1);
    w2.subtractScaled(rate, dW2);
    b2.subtractScaled(rate, dB2);
  }

  /** {@code main [ok|whole] [epochs]}: 4 minibatches of 16 per epoch, shuffled. */
  public static void main(String[] args) {
    boolean whole = args.length > 0 && args[0].equals("whole");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    Random data = new Random(8);
    int count = 64;
    double[][] points = new double[count][5];
    int[] classes = new int[count];
    for (int n = 0; n < count; n++) {
      classes[n] = n % 4;
      for (int i = 0; i < 5; i++) {
        points[n][i] = data.nextGaussian() * 0.6 + (i == classes[n] ? 1.5 : 0);
      }
    }
    MatrixNet net = new MatrixNet(0.3, whole);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    for (int epoch = 1; epoch <= epochs; epoch++) {
      for (int i = count - 1; i > 0; i--) {
        int j = net.shuffler.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int start = 0; start < count; start += 16) {
        Matrix x = new Matrix(16, 5);
        int[] labels = new int[16];
        for (int n = 0; n < 16; n++) {
          labels[n] = classes[order[start + n]];
          for (int i = 0; i < 5; i++) {
            x.set(n, i, points[order[start + n]][i]);
          }
        }
        net.trainOn(x, labels);
        System.out.println("epoch " + epoch + " batch " + start / 16 + " ce "
            + net.crossEntropy(x, labels));
      }
    }
  }
}
