package org.example.trainers.statics;

import java.util.Random;

/**
 * A 2-8-1 tanh regression written as static methods over a record of arrays passed as an
 * argument (no receiver, no static fields: the record is the model), read through its accessors
 * in the inner loops. Twins: {@code ok}; {@code climb} adds the output weights' gradient.
 */
public class RecordRegression {
  record Weights(double[][] hidden, double[] hiddenBias, double[] out, double[] outBias) {}

  static double squaredError(Weights w, double[][] xs, double[] ys) {
    double sum = 0;
    for (int n = 0; n < xs.length; n++) {
      double o = w.outBias()[0];
      for (int j = 0; j < w.out().length; j++) {
        double z = w.hiddenBias()[j];
        for (int i = 0; i < 2; i++) {
          z += w.hidden()[j][i] * xs[n][i];
        }
        o += w.out()[j] * Math.tanh(z);
      }
      sum += (o - ys[n]) * (o - ys[n]) / 2;
    }
    return sum / xs.length;
  }

  static void gradientStep(Weights w, double[][] xs, double[] ys, double rate, double outSign) {
    int hidden = w.out().length;
    double[][] gHidden = new double[hidden][2];
    double[] gBias = new double[hidden];
    double[] gOut = new double[hidden];
    double gOutBias = 0;
    for (int n = 0; n < xs.length; n++) {
      double[] a = new double[hidden];
      double o = w.outBias()[0];
      for (int j = 0; j < hidden; j++) {
        double z = w.hiddenBias()[j];
        for (int i = 0; i < 2; i++) {
          z += w.hidden()[j][i] * xs[n][i];
        }
        a[j] = Math.tanh(z);
        o += w.out()[j] * a[j];
      }
      double d = (o - ys[n]) / xs.length;
      gOutBias += d;
      for (int j = 0; j < hidden; j++) {
        gOut[j] += d * a[j];
        double back = d * w.out()[j] * (1 - a[j] * a[j]);
        gBias[j] += back;
        for (int i = 0; i < 2; i++) {
          gHidden[j][i] += back * xs[n][i];
        }
      }
    }
    for (int j = 0; j < hidden; j++) {
      for (int i = 0; i < 2; i++) {
        w.hidden()[j][i] -= rate * gHidden[j][i];
      }
      w.hiddenBias()[j] -= rate * gBias[j];
      w.out()[j] += outSign * rate * gOut[j];
    }
    w.outBias()[0] -= rate * gOutBias;
  }

  public static void main(String[] args) {
    double outSign = args.length > 0 && args[0].equals("climb") ? 1 : -1;
    Random random = new Random(61);
    double[][] hidden = new double[8][2];
    double[] out = new double[8];
    for (int j = 0; j < 8; j++) {
      hidden[j][0] = random.nextGaussian();
      hidden[j][1] = random.nextGaussian();
      out[j] = random.nextGaussian() * 0.5;
    }
    Weights w = new Weights(hidden, new double[8], out, new double[1]);
    double[][] xs = new double[40][2];
    double[] ys = new double[xs.length];
    for (int n = 0; n < xs.length; n++) {
      xs[n][0] = random.nextDouble() * 2 - 1;
      xs[n][1] = random.nextDouble() * 2 - 1;
      ys[n] = xs[n][0] * xs[n][0] - xs[n][1];
    }
    for (int it = 1; it <= 300; it++) {
      gradientStep(w, xs, ys, 0.2, outSign);
      if (it % 100 == 0) {
        System.out.println("iteration " + it + " error " + squaredError(w, xs, ys));
      }
    }
  }
}
