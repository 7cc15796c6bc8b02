package dev.backprobe.probe;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A trainer's function under probe, seen as a map from a matrix of values to a matrix of values,
 * whatever its own signature. Calling it never throws: a throw, a null, a wrong shape or a write
 * into the argument becomes a {@link Call#problem() problem} sentence. Every call gets a fresh array
 * the probe owns.
 */
final class ProbedFunction {

  /** What a function accepts: one value at a time, one vector, or a whole matrix. */
  enum Arity {
    SCALAR,
    VECTOR,
    MATRIX
  }

  /** The outcome of one call: the output (same shape as the input) or why there is none. */
  record Call(double[][] output, String problem) {
    boolean failed() {
      return problem != null;
    }

    static Call ok(double[][] output) {
      return new Call(output, null);
    }

    static Call failure(String problem) {
      return new Call(null, problem);
    }
  }

  private final Arity arity;
  private final boolean singlePrecision;
  private final Function<double[][], Call> body;

  private ProbedFunction(Arity arity, boolean singlePrecision, Function<double[][], Call> body) {
    this.arity = arity;
    this.singlePrecision = singlePrecision;
    this.body = body;
  }

  Arity arity() {
    return arity;
  }

  boolean singlePrecision() {
    return singlePrecision;
  }

  /** The input as the function sees it: rounded to float for a single-precision function. */
  double[][] visible(double[][] input) {
    double[][] copy = new double[input.length][];
    for (int i = 0; i < input.length; i++) {
      copy[i] = input[i].clone();
      if (singlePrecision) {
        for (int j = 0; j < copy[i].length; j++) {
          copy[i][j] = (float) copy[i][j];
        }
      }
    }
    return copy;
  }

  /** Calls the function on (a fresh copy of) the input; a VECTOR function only on 1×n inputs. */
  Call call(double[][] input) {
    try {
      return body.apply(visible(input));
    } catch (StackOverflowError e) {
      return Call.failure(threw(e));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return Call.failure(threw(e));
    }
  }

  static ProbedFunction scalar(DoubleUnaryOperator f) {
    return new ProbedFunction(Arity.SCALAR, false, in -> elementwise(in, f));
  }

  static ProbedFunction floatScalar(FloatUnaryOperator f) {
    return new ProbedFunction(
        Arity.SCALAR, true, in -> elementwise(in, x -> f.applyAsFloat((float) x)));
  }

  static ProbedFunction vector(UnaryOperator<double[]> f) {
    return new ProbedFunction(
        Arity.VECTOR,
        false,
        in -> {
          double[] arg = in[0].clone();
          double[] out = f.apply(arg);
          String problem = vectorProblem(out, out == null ? 0 : out.length, in[0].length);
          if (problem == null && out != arg && !Arrays.equals(arg, in[0])) {
            problem = WRITES_ARGUMENT;
          }
          return problem != null ? Call.failure(problem) : Call.ok(new double[][] {out.clone()});
        });
  }

  static ProbedFunction floatVector(UnaryOperator<float[]> f) {
    return new ProbedFunction(
        Arity.VECTOR,
        true,
        in -> {
          float[] arg = toFloats(in[0]);
          float[] original = arg.clone();
          float[] out = f.apply(arg);
          String problem = vectorProblem(out, out == null ? 0 : out.length, in[0].length);
          if (problem == null && out != arg && !Arrays.equals(arg, original)) {
            problem = WRITES_ARGUMENT;
          }
          return problem != null ? Call.failure(problem) : Call.ok(new double[][] {toDoubles(out)});
        });
  }

  static ProbedFunction matrix(UnaryOperator<double[][]> f) {
    return new ProbedFunction(
        Arity.MATRIX,
        false,
        in -> {
          double[][] arg = new double[in.length][];
          for (int i = 0; i < in.length; i++) {
            arg[i] = in[i].clone();
          }
          double[][] out = f.apply(arg);
          String problem = matrixProblem(out, in);
          if (problem == null && out != arg && !Arrays.deepEquals(arg, in)) {
            problem = WRITES_ARGUMENT;
          }
          if (problem != null) {
            return Call.failure(problem);
          }
          double[][] copy = new double[out.length][];
          for (int i = 0; i < out.length; i++) {
            copy[i] = out[i].clone();
          }
          return Call.ok(copy);
        });
  }

  static ProbedFunction floatMatrix(UnaryOperator<float[][]> f) {
    return new ProbedFunction(
        Arity.MATRIX,
        true,
        in -> {
          float[][] arg = new float[in.length][];
          float[][] original = new float[in.length][];
          for (int i = 0; i < in.length; i++) {
            arg[i] = toFloats(in[i]);
            original[i] = arg[i].clone();
          }
          float[][] out = f.apply(arg);
          double[][] wide = null;
          if (out != null) {
            wide = new double[out.length][];
            for (int i = 0; i < out.length; i++) {
              wide[i] = out[i] == null ? null : toDoubles(out[i]);
            }
          }
          String problem = matrixProblem(wide, in);
          if (problem == null && out != arg && !Arrays.deepEquals(arg, original)) {
            problem = WRITES_ARGUMENT;
          }
          return problem != null ? Call.failure(problem) : Call.ok(wide);
        });
  }

  static final String WRITES_ARGUMENT =
      "writes into its argument and returns another array, so it is not a pure function";

  private static Call elementwise(double[][] in, DoubleUnaryOperator f) {
    double[][] out = new double[in.length][];
    for (int i = 0; i < in.length; i++) {
      out[i] = new double[in[i].length];
      for (int j = 0; j < in[i].length; j++) {
        try {
          out[i][j] = f.applyAsDouble(in[i][j]);
        } catch (StackOverflowError e) {
          return Call.failure(threw(e) + " for x = " + format(in[i][j]));
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          return Call.failure(threw(e) + " for x = " + format(in[i][j]));
        }
      }
    }
    return Call.ok(out);
  }

  private static String vectorProblem(Object out, int length, int expected) {
    if (out == null) {
      return "returned null";
    }
    if (length != expected) {
      return "returned " + length + " values for an input of " + expected;
    }
    return null;
  }

  private static String matrixProblem(double[][] out, double[][] in) {
    if (out == null) {
      return "returned null";
    }
    String given = in.length + "×" + in[0].length;
    if (out.length != in.length) {
      return "returned " + out.length + " rows for a " + given + " input";
    }
    for (double[] row : out) {
      if (row == null) {
        return "returned a null row for a " + given + " input";
      }
      if (row.length != in[0].length) {
        return "returned a row of " + row.length + " values for a " + given + " input";
      }
    }
    return null;
  }

  private static String threw(Throwable e) {
    String message = e.getMessage();
    return "threw " + e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  static float[] toFloats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  static double[] toDoubles(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  /** A probe value as a user would write it: {@code -0.5}, {@code 1000}, {@code 1e-3}. */
  static String format(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e7) {
      return String.valueOf((long) x);
    }
    return String.format(Locale.ROOT, "%.4g", x).replaceAll("\\.?0+(e|$)", "$1");
  }
}
