package dev.backprobe.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A throwaway measurement for the README: the cosine between one training step's update of each
 * tensor and the descent direction of the loss, with the gradient from central differences. It
 * measures the samples, it is not Backprobe.
 */
public final class UpdateDirection {
  /** Relative finite-difference step: about the cube root of double precision's epsilon. */
  static final double RELATIVE_STEP = 1e-5;

  private UpdateDirection() {}

  /** cos(Δθ, −∇L) for each tensor, in order; the step runs once, with the tensors updated in place. */
  public static List<Double> cosines(List<double[][]> tensors, DoubleSupplier loss, Runnable step) {
    List<double[][]> gradients = new ArrayList<>();
    List<double[][]> before = new ArrayList<>();
    for (double[][] t : tensors) {
      double[][] g = new double[t.length][];
      double[][] copy = new double[t.length][];
      for (int i = 0; i < t.length; i++) {
        g[i] = new double[t[i].length];
        copy[i] = t[i].clone();
        for (int j = 0; j < t[i].length; j++) {
          double x = t[i][j];
          double h = RELATIVE_STEP * Math.max(1, Math.abs(x));
          t[i][j] = x + h;
          double plus = loss.getAsDouble();
          t[i][j] = x - h;
          double minus = loss.getAsDouble();
          t[i][j] = x;
          g[i][j] = (plus - minus) / (2 * h);
        }
      }
      gradients.add(g);
      before.add(copy);
    }
    step.run();
    List<Double> cosines = new ArrayList<>();
    for (int k = 0; k < tensors.size(); k++) {
      double dot = 0;
      double dd = 0;
      double gg = 0;
      for (int i = 0; i < tensors.get(k).length; i++) {
        for (int j = 0; j < tensors.get(k)[i].length; j++) {
          double delta = tensors.get(k)[i][j] - before.get(k)[i][j];
          double g = gradients.get(k)[i][j];
          dot += -g * delta;
          dd += delta * delta;
          gg += g * g;
        }
      }
      cosines.add(dot / Math.sqrt(dd * gg));
    }
    return cosines;
  }
}
