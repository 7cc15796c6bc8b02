package dev.backprobe.samples.seed000;

/**
 * Seed 000 with the accepted answer's change. The answer says the line should read
 * {@code dz = np.multiply(sigmoid(z_prev)*(1 - sigmoid(z_prev)), back_value)} instead of
 * {@code sigmoid(z_prev) - (1 - sigmoid(z_prev))}; the posted code already has the product, so the
 * answer's version computes the same numbers and the loss still climbs to 18. It is kept as its own
 * class so that the answer's advice can be run and diagnosed as written.
 */
class AnswerNetwork extends Network {

  AnswerNetwork(double[][] dataX, double[] yData, double learningRate, long seed) {
    super(dataX, yData, learningRate, seed);
  }

  @Override
  void backpropagate() {
    double back = 0; // 2 * np.sum(y_data - a_last), broadcast to 6x6 as in the posted code
    for (double[] row : a2) {
      for (double y : yData) {
        back += y - row[0];
      }
    }
    back = 2 * back;

    double[][] dz2 = new double[z2.length][1];
    for (int i = 0; i < z2.length; i++) {
      // The answer's line: dz = sigmoid(z) * (1 - sigmoid(z)) * back_value.
      dz2[i][0] = sigmoidDerivative(z2[i][0]) * back;
    }
    double[][] backHidden = dot(dz2, transpose(w2));
    gradientDescent(w2, b2, a1, dz2);

    double[][] dz1 = new double[z1.length][HIDDEN_UNITS];
    for (int i = 0; i < z1.length; i++) {
      for (int j = 0; j < HIDDEN_UNITS; j++) {
        dz1[i][j] = sigmoidDerivative(z1[i][j]) * backHidden[i][j];
      }
    }
    gradientDescent(w1, b1, dataX, dz1);
  }

  /** "the derivative of sigmoid(x) is sigmoid(x)*(1-sigmoid(x))", as the answer puts it. */
  static double sigmoidDerivative(double z) {
    return sigmoid(z) * (1 - sigmoid(z));
  }
}
