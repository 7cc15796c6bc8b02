package dev.backprobe.agent.instrument;

import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.agent.rt.ProbeListener;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: {@code java -cp … ProbeCostBenchmark} prints the nanoseconds the probes add per call
 * of a small method (medians of alternating runs), with no listener and with a trivial one.
 */
public final class ProbeCostBenchmark {
  /** Calls per timed run: long enough for the JIT to have compiled and inlined everything. */
  private static final int ITERATIONS = 20_000_000;
  /** Alternating runs per variant; the median is reported. */
  private static final int RUNS = 7;

  private ProbeCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    ClassSelector selector = ClassSelector.of(ClassGlob.list("testbed.Bench"), List.of());
    ClassLoader plain =
        new InstrumentingClassLoader(
            "testbed.Bench"::equals, null, ProbeCostBenchmark.class.getClassLoader());
    ClassLoader instrumented = InstrumentingClassLoader.forTestClasses(selector, TransformLog.IGNORE);
    Method plainRun = runMethod(plain);
    Method probedRun = runMethod(instrumented);
    double[][] m = new double[16][64];
    double[] v = new double[64];
    for (int i = 0; i < 64; i++) {
      v[i] = i * 0.01;
      for (double[] row : m) {
        row[i] = Math.sin(i);
      }
    }
    ProbeListener trivial =
        new ProbeListener() {
          int seen;

          @Override
          public void onEnter(int methodId, Object receiver, Object[] a) {
            seen++;
          }

          @Override
          public void onExit(int methodId, Object returned) {
            seen++;
          }

          @Override
          public void onStore(int siteId, Object value) {
            seen++;
          }

          @Override
          public void onScalarArgument(int methodId, double argument) {
            seen++;
          }
        };
    long[] base = new long[RUNS];
    long[] none = new long[RUNS];
    long[] listening = new long[RUNS];
    for (int r = 0; r < RUNS; r++) {
      base[r] = time(plainRun, m, v);
      Bridge.install(ProbeListener.NONE);
      none[r] = time(probedRun, m, v);
      Bridge.install(trivial);
      listening[r] = time(probedRun, m, v);
    }
    double perIteration = ITERATIONS;
    System.out.printf(
        "per iteration (dot 64 + sig + row): plain %.2f ns, probes with no listener %.2f ns,"
            + " with a trivial listener %.2f ns%n",
        median(base) / perIteration, median(none) / perIteration, median(listening) / perIteration);
  }

  private static Method runMethod(ClassLoader loader) throws Exception {
    Method run =
        loader.loadClass("testbed.Bench").getMethod("run", double[][].class, double[].class, int.class);
    return run;
  }

  private static long time(Method run, double[][] m, double[] v) throws Exception {
    long start = System.nanoTime();
    run.invoke(null, m, v, ITERATIONS);
    return System.nanoTime() - start;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
