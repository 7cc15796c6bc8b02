package dev.backprobe.agent.trainers;

import dev.backprobe.agent.instrument.BackprobeTransformer;
import dev.backprobe.agent.instrument.ClassGlob;
import dev.backprobe.agent.instrument.ClassSelector;
import dev.backprobe.agent.instrument.InstrumentingClassLoader;
import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.agent.runtime.CapturePolicy;
import dev.backprobe.agent.runtime.Problems;
import dev.backprobe.agent.runtime.Recorder;
import dev.backprobe.agent.runtime.ShutdownWriter;
import dev.backprobe.agent.runtime.StepGate;
import dev.backprobe.agent.runtime.ToolkitServices;
import dev.backprobe.findings.Finding;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.trace.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a test trainer's {@code main} in this JVM the way {@code -javaagent} would: its package is
 * defined by an {@link InstrumentingClassLoader} through the real transformer, a real {@link
 * Recorder} listens on the {@link Bridge}, and at the end the trace is assembled by {@link
 * ShutdownWriter} and judged by the real {@link RulesEngine}. Each run uses a fresh loader, so
 * trainers' static state never leaks between runs.
 */
public final class InProcessAgent {

  /** What one run produced. */
  public record Run(Trace trace, List<Finding> findings, String stdout, List<String> problems) {

    /** The findings of one rule. */
    public List<Finding> of(String rule) {
      return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** One line per finding, for assertion messages. */
    public String describe() {
      return "step="
          + trace.run().step()
          + " loss="
          + trace.run().loss()
          + " model="
          + trace.run().updateModel()
          + " problems="
          + problems
          + "\n"
          + findings.stream()
              .map(
                  f ->
                      "  "
                          + f.rule()
                          + " "
                          + f.severity().id()
                          + " "
                          + f.subject()
                          + (f.location() == null ? "" : " @" + f.location().shortForm())
                          + ": "
                          + f.message())
              .collect(Collectors.joining("\n"));
    }
  }

  private InProcessAgent() {}

  /** Default options (discovered step and loss, {@code capture=log}), no time budget. */
  public static Run run(Class<?> main, String... args) {
    return run(new Recorder.Settings(null, null, CapturePolicy.log(), 1.0), main, args);
  }

  /**
   * Runs {@code main} instrumented, with everything in its package (and sub-packages) included.
   *
   * @param main a trainer class on the test class path; it is loaded again, instrumented
   */
  public static Run run(Recorder.Settings settings, Class<?> main, String... args) {
    return run(settings, recorder -> StepGate.NONE, main, args);
  }

  /**
   * Runs {@code main} instrumented, with a {@link StepGate} (a live REPL) on the recorder.
   *
   * @param gate makes the gate for the run's recorder
   */
  public static Run run(
      Recorder.Settings settings,
      Function<Recorder, StepGate> gate,
      Class<?> main,
      String... args) {
    String prefix = main.getPackageName() + ".";
    Problems problems = new Problems(null);
    ClassSelector selector =
        new ClassSelector(ClassGlob.list(prefix + "*"), List.of(), Optional.of(main.getName()));
    Bridge.reset(); // before the recorder, which asks the bridge for every argument
    Recorder recorder = new Recorder(settings, ToolkitServices.services(problems));
    recorder.gate(gate.apply(recorder));
    ClassLoader loader =
        new InstrumentingClassLoader(
            name -> name.startsWith(prefix),
            new BackprobeTransformer(selector, problems::classNotInstrumented),
            InProcessAgent.class.getClassLoader());
    recorder.install();
    String stdout;
    Recorder.TraceData data;
    try {
      stdout = runMain(loader, main.getName(), args);
    } finally {
      Bridge.install(null);
      data = recorder.finish();
      if (Bridge.firstFailure() != null) {
        // what BackprobeRuntime.shutdown reports: listener failures the bridge swallowed
        problems.report(
            "bridge", "the recorder failed " + Bridge.failures() + " times", Bridge.firstFailure());
      }
      Bridge.reset();
    }
    ShutdownWriter.RunFacts facts =
        new ShutdownWriter.RunFacts(
            "test", main.getName(), main.getName(), Map.of(), List.of(prefix + "*"), 0);
    Trace trace = ShutdownWriter.trace(data, facts, problems.list());
    RulesEngine.Evaluation evaluation = new RulesEngine().run(trace);
    if (!evaluation.problems().isEmpty()) {
      throw new AssertionError("rules failed: " + evaluation.problems());
    }
    return new Run(trace, evaluation.findings(), stdout, problems.list());
  }

  /** The trainer's stdout without any instrumentation (a fresh plain loader). */
  public static String plain(Class<?> main, String... args) {
    String prefix = main.getPackageName() + ".";
    ClassLoader loader =
        new InstrumentingClassLoader(
            name -> name.startsWith(prefix), null, InProcessAgent.class.getClassLoader());
    return runMain(loader, main.getName(), args);
  }

  private static String runMain(ClassLoader loader, String main, String[] args) {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Class.forName(main, true, loader).getMethod("main", String[].class).invoke(null,
          (Object) args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the trainer failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    } finally {
      System.setOut(out);
      Thread.currentThread().setContextClassLoader(context);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
