package org.example.trainers.matrix;

import java.util.Random;

/** A home-made row-major matrix: one {@code double[]} and its shape. */
public final class Matrix {
  final int rows;
  final int cols;
  final double[] data;

  Matrix(int rows, int cols) {
    this.rows = rows;
    this.cols = cols;
    this.data = new double[rows * cols];
  }

  static Matrix gaussian(int rows, int cols, double scale, Random random) {
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = random.nextGaussian() * scale;
    }
    return m;
  }

  double get(int r, int c) {
    return data[r * cols + c];
  }

  void set(int r, int c, double v) {
    data[r * cols + c] = v;
  }

  /** this · other. */
  Matrix times(Matrix other) {
    Matrix out = new Matrix(rows, other.cols);
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        double a = data[i * cols + k];
        for (int j = 0; j < other.cols; j++) {
          out.data[i * other.cols + j] += a * other.data[k * other.cols + j];
        }
      }
    }
    return out;
  }

  /** thisᵀ · other. */
  Matrix transposeTimes(Matrix other) {
    Matrix out = new Matrix(cols, other.cols);
    for (int k = 0; k < rows; k++) {
      for (int i = 0; i < cols; i++) {
        double a = data[k * cols + i];
        for (int j = 0; j < other.cols; j++) {
          out.data[i * other.cols + j] += a * other.data[k * other.cols + j];
        }
      }
    }
    return out;
  }

  /** this · otherᵀ. */
  Matrix timesTranspose(Matrix other) {
    Matrix out = new Matrix(rows, other.rows);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < other.rows; j++) {
        double s = 0;
        for (int k = 0; k < cols; k++) {
          s += data[i * cols + k] * other.data[j * cols + k];
        }
        out.data[i * other.rows + j] = s;
      }
    }
    return out;
  }

  /** Adds a row vector (1 × cols) to every row, in place. */
  Matrix addRow(Matrix row) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        data[i * cols + j] += row.data[j];
      }
    }
    return this;
  }

  /** this −= rate · delta, in place. */
  void subtractScaled(double rate, Matrix delta) {
    for (int i = 0; i < data.length; i++) {
      data[i] -= rate * delta.data[i];
    }
  }

  /** Column sums as a 1 × cols matrix. */
  Matrix columnSums() {
    Matrix out = new Matrix(1, cols);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out.data[j] += data[i * cols + j];
      }
    }
    return out;
  }
}
