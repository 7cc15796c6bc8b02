package testbed;

import java.util.List;

/** Small methods, one per trait the classifier must see (or not see). */
public class Traits {
  double[] weights = new double[4];
  double[][] matrix = new double[2][2];
  static float[] shared = new float[3];
  List<Layer> layers = List.of(new Layer());
  Matrix m = new Matrix(2, 2);
  double scale = 2;
  int counter;

  /** A layer object in a list: parameters live in its fields. */
  public static class Layer {
    double[] w = new double[2];
  }

  /** A home-made matrix over one flat array. */
  public static class Matrix {
    final double[] data;
    final int cols;

    Matrix(int rows, int cols) {
      this.data = new double[rows * cols];
      this.cols = cols;
    }

    void set(int i, int j, double v) {
      data[i * cols + j] = v;
    }

    /** One operand, the receiver: a matrix function. */
    Matrix negated() {
      Matrix out = new Matrix(data.length / cols, cols);
      for (int i = 0; i < data.length; i++) {
        out.data[i] = -data[i];
      }
      return out;
    }

    /** Two operands: not a function of one tensor. */
    Matrix plus(Matrix other) {
      Matrix out = new Matrix(data.length / cols, cols);
      for (int i = 0; i < data.length; i++) {
        out.data[i] = data[i] + other.data[i];
      }
      return out;
    }
  }

  static Matrix squashAll(Matrix m) {
    return m.negated();
  }

  Matrix rectify(Matrix m) {
    return m;
  }

  String trimmed(String s) {
    return s.trim();
  }

  void writesField1d() {
    weights[0] = 1;
  }

  void writesField2dThroughLocal() {
    double[] row = matrix[1];
    row[0] -= 0.5;
  }

  void writesStaticFloat() {
    shared[2] = 1f;
  }

  void writesLayerInList() {
    for (Layer layer : layers) {
      layer.w[0] += 1;
    }
  }

  void assignsArray() {
    weights = new double[2];
  }

  void copiesIntoField(double[] source) {
    System.arraycopy(source, 0, weights, 0, 2);
  }

  void writesLocalOnly(double[] argument) {
    double[] local = new double[2];
    local[0] = 1;
    argument[0] = 2;
  }

  void countsCalls() {
    counter++;
  }

  void callsMatrix() {
    m.set(0, 1, 3);
  }

  static double tanh(double x) {
    return Math.tanh(x);
  }

  static double tanhPrime(double x) {
    double t = tanh(x);
    return 1 - t * t;
  }

  double leaky(double x) {
    return x > 0 ? x : 0.01 * scale * x;
  }

  double logged(double x) {
    System.out.println(x);
    return x;
  }

  double checked(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("NaN: " + x);
    }
    return Math.abs(x);
  }

  double stateful(double x) {
    counter++;
    return x;
  }

  static double[] softmax(double[] z) {
    double max = java.util.Arrays.stream(z).max().orElse(0);
    double[] out = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      out[i] = Math.exp(z[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < z.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  static float[][] identity(float[][] x) {
    return x;
  }

  static float bce(float[] p, int[] y) {
    float s = 0;
    for (int n = 0; n < p.length; n++) {
      s -= y[n] * (float) Math.log(p[n]);
    }
    return s;
  }

  double computeLoss(double[] y) {
    return y[0];
  }

  void backprop() {}

  static int recursiveA(int n) {
    return n <= 0 ? 0 : recursiveB(n - 1);
  }

  static int recursiveB(int n) {
    return recursiveA(n);
  }
}
