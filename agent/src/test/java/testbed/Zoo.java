package testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * Every construct the transformer must handle or skip cleanly: lambdas, default methods, enums,
 * records, nested and anonymous classes, switches, try/catch/finally, wide locals, constructors,
 * static initialisers, varargs, synchronized methods, a loop at offset 0. {@link #run()} exercises
 * them all and returns a digest that must not change under instrumentation.
 */
public class Zoo {
  static final double[] TABLE;
  private final List<double[]> rows = new ArrayList<>();
  private double total;

  static {
    TABLE = new double[8];
    for (int i = 0; i < TABLE.length; i++) {
      TABLE[i] = Math.sqrt(i);
    }
  }

  interface Activation {
    double apply(double x);

    default double[] applyAll(double[] xs) {
      double[] out = new double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[i] = apply(xs[i]);
      }
      return out;
    }

    static Activation scaled(double factor) {
      return x -> factor * x;
    }
  }

  enum Kind implements Activation {
    RELU {
      @Override
      public double apply(double x) {
        return x > 0 ? x : 0;
      }
    },
    TANH {
      @Override
      public double apply(double x) {
        return Math.tanh(x);
      }
    };
  }

  record Layer(double[][] weights, double[] bias, String name) {
    Layer {
      if (weights.length != bias.length) {
        throw new IllegalArgumentException("shape " + name);
      }
    }

    double[] apply(double[] x) {
      double[] out = bias.clone();
      for (int j = 0; j < out.length; j++) {
        for (int i = 0; i < x.length; i++) {
          out[j] += weights[j][i] * x[i];
        }
      }
      return out;
    }
  }

  class Inner {
    double sum() {
      double s = 0;
      for (double[] row : rows) {
        for (double v : row) {
          s += v;
        }
      }
      return s;
    }
  }

  static int tableSwitch(int k) {
    switch (k) {
      case 0:
        return 10;
      case 1:
        return 11;
      case 2:
        return 12;
      case 3:
        return 13;
      default:
        return -1;
    }
  }

  static int lookupSwitch(int k) {
    switch (k) {
      case -1000:
        return 1;
      case 7:
        return 2;
      case 100000:
        return 3;
      default:
        return 0;
    }
  }

  static String stringSwitch(String s) {
    String result;
    switch (s) {
      case "sigmoid" -> result = "σ";
      case "tanh" -> result = "th";
      case "relu" -> result = "r";
      default -> result = "?";
    }
    return result;
  }

  static double tryCatchFinally(double[] values, int index) {
    double[] copy = values;
    double result = 0;
    try {
      result = copy[index];
      if (result < 0) {
        throw new IllegalStateException("negative");
      }
      return result;
    } catch (ArrayIndexOutOfBoundsException e) {
      double[] fallback = {-1};
      result = fallback[0];
      return result;
    } catch (IllegalStateException e) {
      return -2;
    } finally {
      copy = null;
      result += 1;
    }
  }

  static long wide(long a, double b, long c, double d) {
    long sum = a + c;
    double product = b * d;
    long[] parts = {sum, (long) product};
    return parts[0] + parts[1];
  }

  static double varargs(double... values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum;
  }

  synchronized void add(double[] row) {
    rows.add(row);
    total += row.length;
  }

  static synchronized double[] syncStatic(double[] a) {
    synchronized (Zoo.class) {
      double[] copy = a.clone();
      copy[0] = 42;
      return copy;
    }
  }

  /** Starts with a loop: its head is a jump target at offset 0, with a frame there. */
  static int loopAtStart(int n) {
    while (n > 10) {
      n -= 3;
    }
    return n;
  }

  static double lambdas(double[] xs) {
    DoubleUnaryOperator square = x -> x * x;
    double offset = xs.length;
    DoubleUnaryOperator shifted = x -> x + offset;
    Supplier<double[]> copy = xs::clone;
    double sum = 0;
    for (double x : copy.get()) {
      sum += shifted.applyAsDouble(square.applyAsDouble(x));
    }
    return sum;
  }

  static double anonymous(double x) {
    Activation half =
        new Activation() {
          @Override
          public double apply(double v) {
            return v / 2;
          }
        };
    return half.apply(x) + Activation.scaled(3).apply(x);
  }

  Object untyped(int k) {
    Object o = k > 0 ? new double[] {k} : "none";
    return o;
  }

  float floats(float a, float b) {
    float[] both = {a, b};
    return both[0] * both[1];
  }

  int[] ints(int n) {
    int[] out = new int[n];
    out[0] = n;
    return out;
  }

  /** Exercises everything; the digest must be identical with and without instrumentation. */
  public static String run() {
    StringBuilder digest = new StringBuilder();
    Zoo zoo = new Zoo();
    zoo.add(new double[] {1, 2, 3});
    zoo.add(Kind.TANH.applyAll(new double[] {0.5, -0.5}));
    digest.append(zoo.new Inner().sum()).append(' ').append(zoo.total).append('\n');
    for (int k = -1; k < 5; k++) {
      digest.append(tableSwitch(k)).append(lookupSwitch(k * 7)).append(' ');
    }
    digest.append(lookupSwitch(100000)).append(lookupSwitch(-1000)).append('\n');
    for (String s : new String[] {"sigmoid", "tanh", "relu", "x"}) {
      digest.append(stringSwitch(s));
    }
    digest.append('\n');
    double[] values = {3, -4};
    digest.append(tryCatchFinally(values, 0)).append(' ');
    digest.append(tryCatchFinally(values, 1)).append(' ');
    digest.append(tryCatchFinally(values, 9)).append('\n');
    digest.append(wide(1L << 40, 1.5, 3, 4.25)).append(' ').append(varargs(1, 2, 3.5)).append('\n');
    digest.append(syncStatic(values)[0]).append(' ').append(loopAtStart(100)).append('\n');
    digest.append(lambdas(new double[] {1, 2})).append(' ').append(anonymous(4)).append('\n');
    Layer layer = new Layer(new double[][] {{1, 2}, {3, 4}}, new double[] {0.5, -0.5}, "l");
    double[] out = layer.apply(new double[] {1, 1});
    digest.append(out[0]).append(' ').append(out[1]).append(' ').append(layer.name()).append('\n');
    digest.append(Kind.RELU.apply(-1)).append(Kind.valueOf("RELU").ordinal()).append('\n');
    digest.append(zoo.untyped(1) instanceof double[]).append(zoo.untyped(0)).append('\n');
    digest.append(zoo.floats(1.5f, 2f)).append(zoo.ints(3)[0]).append(TABLE[4]).append('\n');
    try {
      new Layer(new double[1][1], new double[2], "bad");
    } catch (IllegalArgumentException e) {
      digest.append(e.getMessage()).append('\n');
    }
    return digest.toString();
  }
}
