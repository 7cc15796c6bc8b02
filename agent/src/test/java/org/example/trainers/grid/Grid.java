package org.example.trainers.grid;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Another home-made matrix, named and laid out unlike {@code Matrix} (a label first, then {@code
 * height}, {@code width} and {@code cells}), with its activations as instance methods: {@code
 * z.sigmoid()} maps a lambda over the cells, so only the matrix object tells what it computes.
 */
public final class Grid {
  final String label;
  final int height;
  final int width;
  final double[] cells;

  Grid(String label, int height, int width) {
    this.label = label;
    this.height = height;
    this.width = width;
    this.cells = new double[height * width];
  }

  static Grid gaussian(int height, int width, double scale, Random random) {
    Grid g = new Grid("init", height, width);
    for (int i = 0; i < g.cells.length; i++) {
      g.cells[i] = random.nextGaussian() * scale;
    }
    return g;
  }

  double at(int r, int c) {
    return cells[r * width + c];
  }

  /** A new grid of f applied to every cell. */
  Grid map(DoubleUnaryOperator f) {
    Grid out = new Grid(label, height, width);
    for (int i = 0; i < cells.length; i++) {
      out.cells[i] = f.applyAsDouble(cells[i]);
    }
    return out;
  }

  Grid sigmoid() {
    return map(v -> 1 / (1 + Math.exp(-v)));
  }

  /** Each row normalised to probabilities. */
  Grid softmax() {
    Grid p = new Grid(label, height, width);
    for (int r = 0; r < height; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < width; c++) {
        max = Math.max(max, at(r, c));
      }
      double sum = 0;
      for (int c = 0; c < width; c++) {
        p.cells[r * width + c] = Math.exp(at(r, c) - max);
        sum += p.cells[r * width + c];
      }
      for (int c = 0; c < width; c++) {
        p.cells[r * width + c] /= sum;
      }
    }
    return p;
  }

  /** this · other + bias (a 1 × other.width grid added to every row). */
  Grid affine(Grid other, Grid bias) {
    Grid out = new Grid(label, height, other.width);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < other.width; c++) {
        double s = bias.cells[c];
        for (int k = 0; k < width; k++) {
          s += at(r, k) * other.at(k, c);
        }
        out.cells[r * other.width + c] = s;
      }
    }
    return out;
  }
}
