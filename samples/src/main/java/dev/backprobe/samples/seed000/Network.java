package dev.backprobe.samples.seed000;

import java.util.Random;

/**
 * Seed 000 as posted: a 2-3-1 sigmoid network trained with a sum-of-squares loss on six points.
 * Every expression that decides the numbers is the asker's, including the effects of numpy
 * broadcasting, which are spelled out where they happen.
 */
class Network {
  static final int HIDDEN_UNITS = 3;

  final double[][] dataX;
  final double[] yData;
  final double learningRate;
  final Random random;

  // weights[0], weights[1] and bs[0], bs[1] of the Python code.
  double[][] w1;
  double[][] w2;
  // The biases start as np.zeros(units), but `db = dz` makes the first update `b - lr * dz` broadcast
  // them to one row per training example: (3,) - (6, 3) -> (6, 3). Zeros of that shape from the
  // start give the same numbers (every row starts at 0) and keep the arrays' shape fixed.
  double[][] b1;
  double[][] b2;

  // zs and caches of the Python code: z and activation of each layer from the last forward pass.
  double[][] z1;
  double[][] a1;
  double[][] z2;
  double[][] a2;

  Network(double[][] dataX, double[] yData, double learningRate, long seed) {
    this.dataX = dataX;
    this.yData = yData;
    this.learningRate = learningRate;
    this.random = new Random(seed);
    // init_weights(): np.random.rand, uniform in [0, 1), layer by layer.
    w1 = rand(dataX[0].length, HIDDEN_UNITS);
    w2 = rand(HIDDEN_UNITS, 1);
    b1 = new double[dataX.length][HIDDEN_UNITS];
    b2 = new double[dataX.length][1];
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
    // np.sum(np.power(y_hat - y_data, 2)) with y_hat of shape (6, 1) and y_data of shape (6,):
    // numpy broadcasts the difference to a 6x6 matrix (y_hat[i] - y_data[j]), so every output is
    // compared with every label. This is why the loss tends to 18 = 6 * 3 and not to 6.
    double sum = 0;
    for (double[] row : yHat) {
      for (double y : yData) {
        sum += Math.pow(row[0] - y, 2);
      }
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
    // back = 2 * np.sum(y_data - a_last): y_data (6,) minus a_last (6, 1) broadcasts to 6x6, and the
    // sum makes it one number for the whole batch. Note the sign: y - a, not a - y.
    double back = 0;
    for (double[] row : a2) {
      for (double y : yData) {
        back += y - row[0];
      }
    }
    back = 2 * back;

    // Output layer (i = 1): dz = sigmoid'(z) * back, with the scalar back broadcast to (6, 1).
    double[][] dz2 = new double[z2.length][1];
    for (int i = 0; i < z2.length; i++) {
      double s = sigmoid(z2[i][0]);
      dz2[i][0] = s * (1 - s) * back;
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

  /** gradient_descent2: dW = a_prev.T . dz, db = dz (per example, not summed), W -= lr dW. */
  void gradientDescent(double[][] w, double[][] b, double[][] aPrev, double[][] dz) {
    double[][] dw = dot(transpose(aPrev), dz);
    for (int r = 0; r < w.length; r++) {
      for (int c = 0; c < w[r].length; c++) {
        w[r][c] -= learningRate * dw[r][c];
      }
    }
    for (int r = 0; r < b.length; r++) {
      for (int c = 0; c < b[r].length; c++) {
        b[r][c] -= learningRate * dz[r][c];
      }
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
