package dev.backprobe.probe;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells whether a derivative function was fed an activation's output a = f(z) or its input z, from
 * what it was called with and what the activation's outputs and pre-activations were at the same
 * step, so that the runtime can say "dersgm expects z but is called on a = σ(z)".
 *
 * <ul>
 *   <li>Array arguments ({@link #classifyArrays}): by identity first: the argument is one of the
 *       recorded arrays or one row of a recorded matrix; then by equal content (a copy). An array
 *       that is both an output and a pre-activation (an activation computed in place), or whose
 *       content equals both, cannot be told.
 *   <li>Scalar arguments ({@link #classifyValues}): by exact membership: the share of sampled
 *       arguments found bit for bit among the recorded outputs only, or among the pre-activations
 *       only (values in both, like a ReLU's positive part, tell nothing); when too few are found
 *       ({@link ProbeThresholds#MEMBERSHIP_SHARE}), by range: every argument inside the outputs'
 *       range while some lie outside the pre-activations' range, or the reverse.
 * </ul>
 */
public final class FeedClassifier {

  private FeedClassifier() {}

  /**
   * Classifies an array argument ({@code double[]}, {@code float[]}, {@code double[][]}, {@code
   * float[][]} or any object, compared by identity) against the recorded output and pre-activation
   * arrays of the same step.
   */
  public static FeedClassification classifyArrays(
      Object argument, Collection<?> outputs, Collection<?> preActivations) {
    if (argument == null) {
      return unknown("the argument was not recorded");
    }
    boolean isOutput = containsIdentical(outputs, argument);
    boolean isInput = containsIdentical(preActivations, argument);
    if (isOutput && isInput) {
      return unknown("the same array holds the activation's input and output (computed in place)");
    }
    if (isOutput) {
      return new FeedClassification(
          DerivativeConvention.OF_OUTPUT, "it is called with the very array the activation returned");
    }
    if (isInput) {
      return new FeedClassification(
          DerivativeConvention.OF_INPUT, "it is called with the very array the activation was given");
    }
    boolean equalsOutput = containsEqual(outputs, argument);
    boolean equalsInput = containsEqual(preActivations, argument);
    if (equalsOutput && equalsInput) {
      return unknown("its argument equals both the activation's input and output here");
    }
    if (equalsOutput) {
      return new FeedClassification(
          DerivativeConvention.OF_OUTPUT, "it is called with a copy of the activation's output");
    }
    if (equalsInput) {
      return new FeedClassification(
          DerivativeConvention.OF_INPUT, "it is called with a copy of the activation's input");
    }
    return unknown("its argument is neither the activation's input nor its output");
  }

  /**
   * Classifies a sample of scalar arguments against samples of the activation's outputs and
   * pre-activations recorded at the same step.
   */
  public static FeedClassification classifyValues(
      double[] arguments, double[] outputs, double[] preActivations) {
    if (arguments == null || arguments.length == 0) {
      return unknown("no argument was recorded");
    }
    Set<Long> outputBits = bits(outputs);
    Set<Long> inputBits = bits(preActivations);
    int outputOnly = 0;
    int inputOnly = 0;
    int both = 0;
    for (double x : arguments) {
      long b = Double.doubleToLongBits(x);
      boolean inOutputs = outputBits.contains(b);
      boolean inInputs = inputBits.contains(b);
      if (inOutputs && inInputs) {
        both++;
      } else if (inOutputs) {
        outputOnly++;
      } else if (inInputs) {
        inputOnly++;
      }
    }
    int n = arguments.length;
    int telling = outputOnly + inputOnly;
    if (outputOnly + inputOnly + both >= ProbeThresholds.MEMBERSHIP_SHARE * n && telling > 0) {
      if (outputOnly >= ProbeThresholds.MEMBERSHIP_SHARE * telling) {
        return new FeedClassification(
            DerivativeConvention.OF_OUTPUT,
            outputOnly + " of " + n + " sampled arguments are values of the activation's output"
                + " and not of its input");
      }
      if (inputOnly >= ProbeThresholds.MEMBERSHIP_SHARE * telling) {
        return new FeedClassification(
            DerivativeConvention.OF_INPUT,
            inputOnly + " of " + n + " sampled arguments are values of the activation's input"
                + " and not of its output");
      }
    }
    return byRange(arguments, outputs, preActivations);
  }

  private static FeedClassification byRange(
      double[] arguments, double[] outputs, double[] preActivations) {
    double[] out = range(outputs);
    double[] in = range(preActivations);
    double[] arg = range(arguments);
    if (out == null || in == null || arg == null) {
      return unknown("too few values were recorded to compare");
    }
    boolean insideOutputs = arg[0] >= out[0] && arg[1] <= out[1];
    boolean insideInputs = arg[0] >= in[0] && arg[1] <= in[1];
    String spans =
        "its arguments span " + span(arg) + ", the output " + span(out) + ", the input " + span(in);
    if (insideOutputs && !insideInputs) {
      return new FeedClassification(DerivativeConvention.OF_OUTPUT, spans);
    }
    if (insideInputs && !insideOutputs) {
      return new FeedClassification(DerivativeConvention.OF_INPUT, spans);
    }
    return unknown(spans + ", which does not tell them apart");
  }

  private static FeedClassification unknown(String why) {
    return new FeedClassification(DerivativeConvention.NEITHER, why);
  }

  private static boolean containsIdentical(Collection<?> candidates, Object argument) {
    if (candidates == null) {
      return false;
    }
    for (Object c : candidates) {
      if (c == argument) {
        return true;
      }
      if (c instanceof Object[]) {
        for (Object row : (Object[]) c) {
          if (row == argument) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean containsEqual(Collection<?> candidates, Object argument) {
    if (candidates == null) {
      return false;
    }
    for (Object c : candidates) {
      if (c != null && Arrays.deepEquals(new Object[] {c}, new Object[] {argument})) {
        return true;
      }
      if (c instanceof Object[]) {
        for (Object row : (Object[]) c) {
          if (row != null && Arrays.deepEquals(new Object[] {row}, new Object[] {argument})) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Set<Long> bits(double[] values) {
    Set<Long> set = new HashSet<>();
    if (values != null) {
      for (double v : values) {
        set.add(Double.doubleToLongBits(v));
      }
    }
    return set;
  }

  /** [min, max] of the finite values, or null when there are none. */
  private static double[] range(double[] values) {
    if (values == null) {
      return null;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return min > max ? null : new double[] {min, max};
  }

  private static String span(double[] r) {
    return "[" + ProbedFunction.format(r[0]) + ", " + ProbedFunction.format(r[1]) + "]";
  }
}
