package dev.backprobe.samples.seed000;

import java.util.Random;

/**
 * Seed 000 fixed: {@link Network} with the three changes marked FIX, nothing else. The loss compares
 * each output with its own label, the output error is (a - y) per example, and each bias is one
 * row updated with the error summed over the examples.
 */
class FixedNetwork {
  static final int HIDDEN_UNITS = 3;

  final double[][] dataX;
  final double[] yData;
  final double learningRate;
  final Random random;

  // weights[0], weights[1] and bs[0], bs[1] of the Python code.
  double[][] w1;
  double[][] w2;
  // FIX: one bias row per layer (np.zeros((1, units))), broadcast over the examples.
  double[][] b1;
  double[][] b2;

  // zs and caches of the Python code: z and activation of each layer from the last forward pass.
  double[][] z1;
  double[][] a1;
  double[][] z2;
  double[][] a2;

  FixedNetwork(double[][] dataX, double[] yData, double learningRate, long seed) {
    this.dataX = dataX;
    this.yData = yData;
    this.learningRate = learningRate;
    this.random = new Random(seed);
    // init_weights(): np.random.rand, uniform in [0, 1), layer by layer.
    w1 = rand(dataX[0].length, HIDDEN_UNITS);
    w2 = rand(HIDDEN_UNITS, 1);
    b1 = new double[1][HIDDEN_UNITS];
    b2 = new double[1][1];
  }

  /** forward_propagate(data_x) followed by backpropagate2(): one training step. */
  void trainStep() {
    forwardPropagate(dataX);
    backpropagate();
  }

  /** sum_of_squares_loss of the current weights on the training data (the line the asker printed). */
  double loss() {
    double[][] h = sigmoid(addBias(dot(dataX, w1), b1));
    double[][] out = sigmoid(addBias(dot(h, w2), b2));
    return sumOfSquaresLoss(out);
  }

  /** predict(): the network's output for new points. */
  double[][] predict(double[][] x) {
    double[][] h = sigmoid(addBias(dot(x, w1), b1));
    return sigmoid(addBias(dot(h, w2), b2));
  }

  double sumOfSquaresLoss(double[][] yHat) {
    // FIX: y_data as a column (6, 1), so each output is compared with its own label only.
    double sum = 0;
    for (int i = 0; i < yHat.length; i++) {
      sum += Math.pow(yHat[i][0] - yData[i], 2);
    }
    return sum;
  }

  void forwardPropagate(double[][] x) {
    z1 = addBias(dot(x, w1), b1);
    a1 = sigmoid(z1);
    z2 = addBias(dot(a1, w2), b2);
    a2 = sigmoid(z2);
  }

  void backpropagate() {
    // FIX: back = 2 * (a_last - y), one value per example: the derivative of the loss with respect
    // to each output (the posted code had the opposite sign and one sum for the whole batch).
    double[][] back = new double[a2.length][1];
    for (int i = 0; i < a2.length; i++) {
      back[i][0] = 2 * (a2[i][0] - yData[i]);
    }

    // Output layer (i = 1): dz = sigmoid'(z) * back.
    double[][] dz2 = new double[z2.length][1];
    for (int i = 0; i < z2.length; i++) {
      double s = sigmoid(z2[i][0]);
      dz2[i][0] = s * (1 - s) * back[i][0];
    }
    double[][] backHidden = dot(dz2, transpose(w2)); // computed before w2 changes, as in the Python
    gradientDescent(w2, b2, a1, dz2);

    // Hidden layer (i = 0).
    double[][] dz1 = new double[z1.length][HIDDEN_UNITS];
    for (int i = 0; i < z1.length; i++) {
      for (int j = 0; j < HIDDEN_UNITS; j++) {
        double s = sigmoid(z1[i][j]);
        dz1[i][j] = s * (1 - s) * backHidden[i][j];
      }
    }
    gradientDescent(w1, b1, dataX, dz1);
  }

  /** gradient_descent2: dW = a_prev.T . dz, db = sum of dz over the examples, W -= lr dW. */
  void gradientDescent(double[][] w, double[][] b, double[][] aPrev, double[][] dz) {
    double[][] dw = dot(transpose(aPrev), dz);
    for (int r = 0; r < w.length; r++) {
      for (int c = 0; c < w[r].length; c++) {
        w[r][c] -= learningRate * dw[r][c];
      }
    }
    // FIX: db = np.sum(dz, axis=0, keepdims=True), not dz: one bias per unit, not per example.
    for (int c = 0; c < b[0].length; c++) {
      double db = 0;
      for (double[] row : dz) {
        db += row[c];
      }
      b[0][c] -= learningRate * db;
    }
  }

  double[][] rand(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = random.nextDouble();
      }
    }
    return m;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  static double[][] sigmoid(double[][] z) {
    double[][] a = new double[z.length][z[0].length];
    for (int i = 0; i < z.length; i++) {
      for (int j = 0; j < z[i].length; j++) {
        a[i][j] = sigmoid(z[i][j]);
      }
    }
    return a;
  }

  /** z + b with numpy broadcasting: a one-row operand is repeated to the other's row count. */
  static double[][] addBias(double[][] z, double[][] b) {
    int rows = Math.max(z.length, b.length);
    double[][] out = new double[rows][z[0].length];
    for (int i = 0; i < rows; i++) {
      double[] zr = z[z.length == 1 ? 0 : i];
      double[] br = b[b.length == 1 ? 0 : i];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = zr[j] + br[j];
      }
    }
    return out;
  }

  static double[][] dot(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        for (int j = 0; j < b[0].length; j++) {
          out[i][j] += aik * b[k][j];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }
}
