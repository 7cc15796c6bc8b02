package org.example.trainers.table;

/** A home-made matrix: a {@code double[][]} of cells with its row and column counts. */
public final class Table {
  final int rows;
  final int cols;
  final double[][] cells;

  Table(int rows, int cols) {
    this.rows = rows;
    this.cols = cols;
    this.cells = new double[rows][cols];
  }

  Table times(Table other) {
    Table out = new Table(rows, other.cols);
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        double v = cells[i][k];
        for (int j = 0; j < other.cols; j++) {
          out.cells[i][j] += v * other.cells[k][j];
        }
      }
    }
    return out;
  }

  void addToRows(Table row) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        cells[i][j] += row.cells[0][j];
      }
    }
  }
}
