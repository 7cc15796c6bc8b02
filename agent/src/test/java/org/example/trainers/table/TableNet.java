package org.example.trainers.table;

import java.util.Random;

/**
 * A 2-6-3 sigmoid/softmax classifier on a home-made {@link Table}, minibatches of 12, with the
 * sigmoid applied in place by a for-each over the table's rows and the softmax written inline in
 * {@code scores}, which also does the product: nothing there is a pure function to probe. Twins:
 * {@code ok}; {@code columns} normalises each class over the batch (the columns) instead of each
 * example over its classes.
 */
public class TableNet {
  final Table w1;
  final Table b1 = new Table(1, 6);
  final Table w2;
  final Table b2 = new Table(1, 3);
  final boolean overColumns;

  TableNet(String variant, Random random) {
    overColumns = variant.equals("columns");
    w1 = random(2, 6, random);
    w2 = random(6, 3, random);
  }

  static Table random(int rows, int cols, Random random) {
    Table t = new Table(rows, cols);
    for (double[] row : t.cells) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian() * 0.7;
      }
    }
    return t;
  }

  Table hidden(Table x) {
    Table h = x.times(w1);
    h.addToRows(b1);
    for (double[] row : h.cells) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 1 / (1 + Math.exp(-row[j]));
      }
    }
    return h;
  }

  Table scores(Table h) {
    Table z = h.times(w2);
    z.addToRows(b2);
    if (overColumns) {
      for (int j = 0; j < z.cols; j++) {
        double sum = 0;
        for (int i = 0; i < z.rows; i++) {
          z.cells[i][j] = Math.exp(z.cells[i][j]);
          sum += z.cells[i][j];
        }
        for (int i = 0; i < z.rows; i++) {
          z.cells[i][j] /= sum;
        }
      }
    } else {
      for (double[] row : z.cells) {
        double sum = 0;
        for (int j = 0; j < row.length; j++) {
          row[j] = Math.exp(row[j]);
          sum += row[j];
        }
        for (int j = 0; j < row.length; j++) {
          row[j] /= sum;
        }
      }
    }
    return z;
  }

  double crossEntropy(Table x, int[] labels) {
    Table p = scores(hidden(x));
    double sum = 0;
    for (int i = 0; i < x.rows; i++) {
      sum -= Math.log(p.cells[i][labels[i]]);
    }
    return sum / x.rows;
  }

  void learn(Table x, int[] labels, double rate) {
    Table h = hidden(x);
    Table p = scores(h);
    int n = x.rows;
    double[][] dz = new double[n][3];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        dz[i][k] = (p.cells[i][k] - (labels[i] == k ? 1 : 0)) / n;
      }
    }
    double[][] dh = new double[n][6];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += dz[i][k] * w2.cells[j][k];
        }
        dh[i][j] = s * h.cells[i][j] * (1 - h.cells[i][j]);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 3; k++) {
        b2.cells[0][k] -= rate * dz[i][k];
        for (int j = 0; j < 6; j++) {
          w2.cells[j][k] -= rate * h.cells[i][j] * dz[i][k];
        }
      }
      for (int j = 0; j < 6; j++) {
        b1.cells[0][j] -= rate * dh[i][j];
        for (int f = 0; f < 2; f++) {
          w1.cells[f][j] -= rate * x.cells[i][f] * dh[i][j];
        }
      }
    }
  }

  public static void main(String[] args) {
    Random random = new Random(41);
    TableNet net = new TableNet(args.length > 0 ? args[0] : "ok", random);
    int count = 96;
    double[][] points = new double[count][2];
    int[] classes = new int[count];
    for (int n = 0; n < count; n++) {
      classes[n] = n % 3;
      double angle = classes[n] * 2.1;
      points[n][0] = Math.cos(angle) + random.nextGaussian() * 0.3;
      points[n][1] = Math.sin(angle) + random.nextGaussian() * 0.3;
    }
    for (int epoch = 1; epoch <= 40; epoch++) {
      double sum = 0;
      for (int start = 0; start < count; start += 12) {
        Table x = new Table(12, 2);
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) {
          x.cells[i] = points[start + i].clone();
          labels[i] = classes[start + i];
        }
        sum += net.crossEntropy(x, labels);
        net.learn(x, labels, 0.5);
      }
      if (epoch % 10 == 0) {
        System.out.println("epoch " + epoch + " loss " + sum / 8);
      }
    }
  }
}
