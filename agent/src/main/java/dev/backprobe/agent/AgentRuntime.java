package dev.backprobe.agent;

import dev.backprobe.agent.instrument.ClassSelector;
import dev.backprobe.agent.instrument.TransformLog;
import java.lang.instrument.Instrumentation;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The seam between {@link Agent} and the runtime that records, verifies and reports: the agent
 * finds one implementation with {@link ServiceLoader} (a {@code
 * META-INF/services/dev.backprobe.agent.AgentRuntime} file in the agent jar), starts it before it
 * registers the transformer and stops it from a shutdown hook. Without one, the agent only
 * instruments.
 */
public interface AgentRuntime {

  /**
   * What the runtime gets at start-up.
   *
   * @param options the parsed options
   * @param instrumentation the JVM's instrumentation
   * @param selector what is instrumented; {@link ClassSelector#mainClass()} and {@link
   *     ClassSelector#describeInclude()} give the findings' {@code target} (the main class may be
   *     learnt only when it loads)
   */
  record Context(AgentOptions options, Instrumentation instrumentation, ClassSelector selector) {}

  /**
   * Starts the runtime (typically installs its {@code ProbeListener} in the {@code Bridge}) and
   * returns the log that the transformer reports classes it could not instrument to.
   */
  TransformLog start(Context context) throws Exception;

  /** Writes what was seen; called once, from the JVM's shutdown hook (also after System.exit). */
  void shutdown();

  /** The runtime in this build, if any. */
  static Optional<AgentRuntime> find() {
    return ServiceLoader.load(AgentRuntime.class, AgentRuntime.class.getClassLoader()).findFirst();
  }
}
