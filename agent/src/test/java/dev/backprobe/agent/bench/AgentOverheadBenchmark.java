package dev.backprobe.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time and heap of a 784-300-75-10 MLP trainer on the real MNIST digits ({@code
 * org.example.bench.MnistMlp}) in forked JVMs: without the agent, with the agent's defaults, and
 * with {@code capture=all}. Runs alternate (none, default, all, none, …) so that a machine whose
 * speed drifts affects all three alike; the figures are medians, and the median of each round's
 * ratio to its own no-agent run ("paired"). A {@code main}, not a test: see
 * {@code docs/benchmarks.md} for how to run it and what it measured.
 *
 * <p>Arguments (all optional): {@code RUNS STEPS BATCH MNIST_DIR}.
 */
public final class AgentOverheadBenchmark {

  /** Runs of each configuration; issue 3 asks for medians of at least five. */
  private static final int DEFAULT_RUNS = 5;
  /** Sized so that one run without the agent takes 5–10 s on the 2-core build machine. */
  private static final int DEFAULT_STEPS = 1200;
  private static final int DEFAULT_BATCH = 32;
  /** The same fixed heap for every run, so that heap figures compare. */
  private static final String HEAP = "-Xmx1g";

  private record Sample(double wallMs, double trainMs, double peakMb, double retainedMb) {}

  private AgentOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RUNS;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_STEPS;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_BATCH;
    Path mnist =
        Path.of(args.length > 3 ? args[3] : "../samples/src/main/resources/mnist").toAbsolutePath();
    Path jar = Path.of("target/backprobe-agent.jar").toAbsolutePath();
    Path classes = Path.of("target/test-classes").toAbsolutePath();
    require(jar, "run 'mvn -B -pl agent -am package -DskipTests' first");
    require(mnist.resolve("train-images-idx3-ubyte.gz"), "give the MNIST folder as 4th argument");
    Path out = Files.createTempDirectory("backprobe-bench");

    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("no agent", null);
    // the agent attached but instrumenting nothing: start-up, shutdown and report writing alone
    configs.put("agent, include=none", "include=none.*,out=" + out.resolve("none"));
    configs.put("default (capture=log, budget=5%)", "out=" + out.resolve("default"));
    configs.put("capture=all (budget=5%)", "capture=all,out=" + out.resolve("all"));
    if (Boolean.getBoolean("bench.unbudgeted")) {
      // every step verified: about 27 steps' worth of loss evaluations each, minutes per run
      configs.put(
          "capture=all,budget=100%", "capture=all,budget=100%,out=" + out.resolve("all100"));
    }
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    configs.keySet().forEach(k -> samples.put(k, new ArrayList<>()));

    System.out.printf(
        Locale.ROOT, "%d runs each, %d steps of %d images, JDK %s%n", runs, steps, batch,
        System.getProperty("java.version"));
    String expectedStdout = null;
    for (int r = 0; r < runs; r++) {
      for (Map.Entry<String, String> config : configs.entrySet()) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        if (config.getValue() != null) {
          command.add("-javaagent:" + jar + "=" + config.getValue());
        }
        command.addAll(
            List.of("-cp", classes.toString(), "org.example.bench.MnistMlp", mnist.toString(),
                String.valueOf(steps), String.valueOf(batch)));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        StringBuilder stderr = new StringBuilder();
        Thread errReader = new Thread(() -> {
          try {
            stderr.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
          } catch (IOException ignored) {
            // the process died; what was read is kept
          }
        });
        errReader.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        errReader.join();
        double wallMs = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
          throw new IllegalStateException(config.getKey() + " exited " + exit + ":\n" + stderr);
        }
        if (expectedStdout == null) {
          expectedStdout = stdout;
        } else if (!expectedStdout.equals(stdout)) {
          System.out.println("  WARNING: stdout differs for " + config.getKey());
        }
        Sample s = parse(wallMs, stderr.toString());
        samples.get(config.getKey()).add(s);
        System.out.printf(
            Locale.ROOT, "  run %d %-34s wall %7.0f ms  train %7.0f ms  peak %6.1f MB  kept %6.1f MB%n",
            r + 1, config.getKey(), s.wallMs, s.trainMs, s.peakMb, s.retainedMb);
        if (r == 0 && config.getValue() != null) {
          stderr.toString().lines().filter(l -> l.startsWith("[backprobe]")).limit(3)
              .forEach(l -> System.out.println("      " + l));
        }
      }
    }
    List<Sample> plain = samples.get("no agent");
    Sample base = median(plain);
    System.out.println();
    System.out.printf(Locale.ROOT, "%-34s %10s %6s %8s %10s %6s %9s %9s%n", "median", "wall ms", "×",
        "paired×", "train ms", "×", "peak MB", "kept MB");
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      Sample m = median(e.getValue());
      System.out.printf(
          Locale.ROOT, "%-34s %10.0f %6.2f %8.2f %10.0f %6.2f %9.1f %9.1f%n", e.getKey(), m.wallMs,
          m.wallMs / base.wallMs, pairedRatio(e.getValue(), plain), m.trainMs,
          m.trainMs / base.trainMs, m.peakMb, m.retainedMb);
    }
    double[] plainWalls = plain.stream().mapToDouble(Sample::wallMs).sorted().toArray();
    System.out.printf(
        Locale.ROOT, "no-agent wall time over the rounds: %.0f to %.0f ms (the machine's drift)%n",
        plainWalls[0], plainWalls[plainWalls.length - 1]);
  }

  /**
   * The median over the rounds of each round's wall time divided by the same round's no-agent run:
   * on a machine whose speed drifts by more than the agent's overhead between rounds (a shared VM:
   * 9.7 to 13.1 s for the same no-agent run in one invocation), this ratio of neighbours is steadier
   * than the ratio of the two medians, which can pair a fast round with a slow one.
   */
  private static double pairedRatio(List<Sample> runs, List<Sample> plain) {
    double[] ratios = new double[runs.size()];
    for (int r = 0; r < ratios.length; r++) {
      ratios[r] = runs.get(r).wallMs / plain.get(r).wallMs;
    }
    return median(ratios);
  }

  private static void require(Path file, String hint) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: " + hint);
    }
  }

  private static Sample parse(double wallMs, String stderr) {
    String line =
        stderr.lines().filter(l -> l.startsWith("bench ")).reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException("no 'bench' line in:\n" + stderr));
    String[] f = line.split(" ");
    return new Sample(
        wallMs, Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
  }

  private static Sample median(List<Sample> list) {
    return new Sample(
        median(list.stream().mapToDouble(Sample::wallMs).toArray()),
        median(list.stream().mapToDouble(Sample::trainMs).toArray()),
        median(list.stream().mapToDouble(Sample::peakMb).toArray()),
        median(list.stream().mapToDouble(Sample::retainedMb).toArray()));
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
