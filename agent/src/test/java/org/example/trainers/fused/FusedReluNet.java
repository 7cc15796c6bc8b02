package org.example.trainers.fused;

import java.util.Random;

/**
 * A 3-16-1 ReLU regressor with each hidden unit's sum and activation in one loop ({@code h[n][j]
 * = relu(sum)}). Twins: {@code ok}; {@code dead} starts three units in four with a bias of −50, so
 * that they never fire and never learn again; {@code dies} trains well for 10 epochs, then a bad
 * schedule subtracts 60 from every hidden bias and the whole layer is dead from then on (60
 * epochs, so that two captured steps see it dead).
 */
public class FusedReluNet {
  static final int IN = 3;
  static final int HIDDEN = 16;
  double[][] w1 = new double[HIDDEN][IN];
  double[] b1 = new double[HIDDEN];
  double[] w2 = new double[HIDDEN];
  double[] b2 = new double[1];

  FusedReluNet(String variant) {
    Random random = new Random(4);
    for (int j = 0; j < HIDDEN; j++) {
      for (int i = 0; i < IN; i++) {
        w1[j][i] = random.nextGaussian() * Math.sqrt(2.0 / IN);
      }
      b1[j] = variant.equals("dead") && j % 4 != 0 ? -50 : 0.1;
      w2[j] = random.nextGaussian() * Math.sqrt(1.0 / HIDDEN);
    }
  }

  static double relu(double x) {
    return x > 0 ? x : 0;
  }

  double[][] hidden(double[][] x) {
    double[][] h = new double[x.length][HIDDEN];
    for (int n = 0; n < x.length; n++) {
      for (int j = 0; j < HIDDEN; j++) {
        double sum = b1[j];
        for (int i = 0; i < IN; i++) {
          sum += w1[j][i] * x[n][i];
        }
        h[n][j] = relu(sum);
      }
    }
    return h;
  }

  double[] predict(double[][] h) {
    double[] y = new double[h.length];
    for (int n = 0; n < h.length; n++) {
      y[n] = b2[0];
      for (int j = 0; j < HIDDEN; j++) {
        y[n] += w2[j] * h[n][j];
      }
    }
    return y;
  }

  double meanSquaredError(double[][] x, double[] t) {
    double[] y = predict(hidden(x));
    double sum = 0;
    for (int n = 0; n < t.length; n++) {
      sum += (y[n] - t[n]) * (y[n] - t[n]);
    }
    return sum / t.length;
  }

  void learn(double[][] x, double[] t, double rate) {
    double[][] h = hidden(x);
    double[] y = predict(h);
    double[] gw2 = new double[HIDDEN];
    double gb2 = 0;
    double[][] gw1 = new double[HIDDEN][IN];
    double[] gb1 = new double[HIDDEN];
    for (int n = 0; n < x.length; n++) {
      double d = 2 * (y[n] - t[n]) / x.length;
      gb2 += d;
      for (int j = 0; j < HIDDEN; j++) {
        gw2[j] += d * h[n][j];
        if (h[n][j] > 0) {
          gb1[j] += d * w2[j];
          for (int i = 0; i < IN; i++) {
            gw1[j][i] += d * w2[j] * x[n][i];
          }
        }
      }
    }
    b2[0] -= rate * gb2;
    for (int j = 0; j < HIDDEN; j++) {
      w2[j] -= rate * gw2[j];
      b1[j] -= rate * gb1[j];
      for (int i = 0; i < IN; i++) {
        w1[j][i] -= rate * gw1[j][i];
      }
    }
  }

  public static void main(String[] args) {
    FusedReluNet net = new FusedReluNet(args.length > 0 ? args[0] : "ok");
    Random data = new Random(9);
    double[][] x = new double[32][IN];
    double[] t = new double[32];
    for (int n = 0; n < x.length; n++) {
      for (int i = 0; i < IN; i++) {
        x[n][i] = data.nextGaussian();
      }
      t[n] = Math.abs(x[n][0]) + 0.5 * x[n][1];
    }
    boolean dies = args.length > 0 && args[0].equals("dies");
    for (int epoch = 1; epoch <= (dies ? 60 : 40); epoch++) {
      if (dies && epoch == 11) {
        for (int j = 0; j < HIDDEN; j++) {
          net.b1[j] -= 60;
        }
      }
      net.learn(x, t, 0.05);
      System.out.println("epoch " + epoch + " error " + net.meanSquaredError(x, t));
    }
  }
}
