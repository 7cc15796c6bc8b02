package dev.backprobe.agent.runtime;

import dev.backprobe.agent.AgentOptions;
import dev.backprobe.agent.AgentRuntime;
import dev.backprobe.agent.instrument.TransformLog;
import dev.backprobe.agent.live.ConsoleLauncher;
import dev.backprobe.agent.live.LivePause;
import dev.backprobe.agent.live.RecorderHost;
import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.repl.ReplOptions;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime the agent finds with {@link java.util.ServiceLoader}: installs a {@link Recorder} in
 * the {@link Bridge} at start-up and writes the report from the JVM's shutdown hook (which also runs
 * after {@code System.exit} and after {@code main} dies of an uncaught exception).
 *
 * <p>Nothing of the writer is loaded before the exit. A background rehearsal of it on a small trace
 * (sessions 3 to 5) made the exit 0.2 s instead of 0.55 s cold, but on 2 cores it cost the trainer as
 * much while it ran (some 1 700 extra JIT compilations, Jackson's databind above all) and kept 14 MB
 * alive; since {@code trace.json} is written through Jackson's streaming generator the cold exit is
 * about 0.4 s, and the benchmark's run that instruments nothing was no slower without it.
 */
public final class BackprobeRuntime implements AgentRuntime {

  private PrintStream err;
  private Problems problems;
  private Recorder recorder;
  private Context context;
  private long startMillis;
  private boolean done;

  @Override
  public TransformLog start(Context context) {
    this.context = context;
    this.err = System.err;
    this.startMillis = System.currentTimeMillis();
    this.problems = new Problems(err);
    openJavaUtil(context.instrumentation());
    AgentOptions options = context.options();
    Recorder.Settings settings =
        new Recorder.Settings(
            options.step().orElse(null),
            options.loss().orElse(null),
            CapturePolicy.parse(options.capture().toString()),
            options.budget());
    recorder = new Recorder(settings, ToolkitServices.services(problems));
    if (!options.repl().equals(AgentOptions.ReplTrigger.OFF)) {
      recorder.gate(
          new LivePause(
              options.repl(),
              new RecorderHost(recorder, this::facts, problems, options.out()),
              new ConsoleLauncher(problems, ReplOptions.defaults())));
    }
    recorder.install();
    return problems::classNotInstrumented;
  }

  @Override
  public synchronized void shutdown() {
    if (done || recorder == null) {
      return;
    }
    done = true;
    Bridge.install(null);
    try {
      Recorder.TraceData data = recorder.finish();
      if (Bridge.firstFailure() != null) {
        problems.report(
            "bridge",
            "the recorder failed " + Bridge.failures() + " times"
                + (Bridge.enabled() ? "" : " and was switched off"),
            Bridge.firstFailure());
      }
      ShutdownWriter.RunFacts facts = facts();
      ShutdownWriter.write(
          ShutdownWriter.trace(data, facts, problems.list()),
          context.options().out(),
          err,
          problems);
    } catch (Throwable t) {
      err.println("[backprobe] could not write the report: " + Problems.describe(t));
    }
  }

  private ShutdownWriter.RunFacts facts() {
    Map<String, String> options = new LinkedHashMap<>();
    for (String pair : context.options().toAgentArgument().split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        options.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    String command = commandLine();
    String version = BackprobeRuntime.class.getPackage().getImplementationVersion();
    return new ShutdownWriter.RunFacts(
        version == null ? "dev" : version,
        context.selector().mainClass().orElse(null),
        command,
        options,
        List.copyOf(context.selector().describeInclude()),
        startMillis > 0 ? startMillis : ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /**
   * The command line as far as the JVM knows it: its options, the class path, the main class and
   * its arguments ({@code sun.java.command} alone lacks the first two).
   */
  private static String commandLine() {
    StringBuilder line = new StringBuilder("java");
    try {
      for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        line.append(' ').append(argument);
      }
    } catch (RuntimeException | LinkageError e) {
      // no management beans (a trimmed runtime): the rest is still worth having
    }
    String classPath = System.getProperty("java.class.path");
    if (classPath != null && !classPath.isEmpty()) {
      line.append(" -cp ").append(classPath);
    }
    String command = System.getProperty("sun.java.command");
    return command == null ? line.toString() : line.append(' ').append(command).toString();
  }

  /** Opens {@code java.util} to the toolkit so that a model's {@code Random} can be snapshotted. */
  private void openJavaUtil(Instrumentation instrumentation) {
    try {
      Module base = Object.class.getModule();
      Module agent = BackprobeRuntime.class.getModule();
      Module toolkit = dev.backprobe.model.ModelState.class.getModule();
      instrumentation.redefineModule(
          base,
          Set.of(),
          Map.of(),
          Map.of("java.util", new java.util.HashSet<>(List.of(agent, toolkit))),
          Set.of(),
          Map.of());
    } catch (RuntimeException e) {
      problems.report(
          "open-java.util",
          "could not open java.util: a model's Random is restored through serialization",
          e);
    }
  }
}
