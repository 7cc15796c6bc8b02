package dev.backprobe.agent;

import dev.backprobe.agent.AgentOptions.InvalidOptionException;
import dev.backprobe.agent.instrument.BackprobeTransformer;
import dev.backprobe.agent.instrument.ClassSelector;
import dev.backprobe.agent.instrument.MainClassLocator;
import dev.backprobe.agent.instrument.TransformFailures;
import dev.backprobe.agent.instrument.TransformLog;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.Optional;

/**
 * The {@code -javaagent} entry point: parses the options, starts the runtime, registers the
 * transformer. Bad options stop the JVM with one line before {@code main} runs; anything later is
 * reported and never reaches the host.
 */
public final class Agent {
  /** Exit status when the options are invalid (as for a command-line usage error). */
  public static final int BAD_OPTIONS_STATUS = 2;

  private static final String PREFIX = "[backprobe] ";

  private Agent() {}

  /** Called by the JVM before {@code main} for {@code -javaagent:backprobe-agent.jar=OPTIONS}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    AgentOptions options = parseOrExit(arguments);
    start(options, instrumentation, System.err);
  }

  /**
   * Called when the agent is attached to a running JVM. Bad options are reported and the agent
   * does not start; the running application is never stopped.
   */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    try {
      start(AgentOptions.parse(arguments), instrumentation, System.err);
    } catch (InvalidOptionException e) {
      System.err.println(PREFIX + e.getMessage() + "; agent not started");
    }
  }

  private static AgentOptions parseOrExit(String arguments) {
    try {
      return AgentOptions.parse(arguments);
    } catch (InvalidOptionException e) {
      System.err.println(PREFIX + e.getMessage());
      System.err.flush();
      System.exit(BAD_OPTIONS_STATUS);
      throw e; // not reached
    }
  }

  static void start(AgentOptions options, Instrumentation instrumentation, PrintStream err) {
    try {
      ClassSelector selector =
          new ClassSelector(
              options.include(),
              options.exclude(),
              options.includeGiven() ? Optional.empty() : MainClassLocator.locate());
      Optional<AgentRuntime> runtime = AgentRuntime.find();
      TransformLog log = new TransformFailures(err);
      if (runtime.isPresent()) {
        log = runtime.get().start(new AgentRuntime.Context(options, instrumentation, selector));
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> stop(runtime.get(), err), "backprobe-shutdown"));
      } else {
        err.println(PREFIX + "no runtime in this build: classes are instrumented, nothing is recorded");
      }
      instrumentation.addTransformer(new BackprobeTransformer(selector, log), false);
    } catch (Throwable t) {
      err.println(PREFIX + "agent not started (" + t + "); the application runs without it");
    }
  }

  private static void stop(AgentRuntime runtime, PrintStream err) {
    try {
      runtime.shutdown();
    } catch (Throwable t) {
      err.println(PREFIX + "could not write the report (" + t + ")");
    }
  }
}
