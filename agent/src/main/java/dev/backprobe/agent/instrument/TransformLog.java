package dev.backprobe.agent.instrument;

/**
 * Where the transformer reports a class it could not instrument. The JDK silently swallows what a
 * transformer throws, so the agent must say it itself; the runtime puts these into the report.
 */
@FunctionalInterface
public interface TransformLog {
  /** The class (dotted name) loads unchanged because instrumenting it failed with {@code cause}. */
  void classFailed(String className, Throwable cause);

  /** Ignores every failure (for tests that expect none and check otherwise). */
  TransformLog IGNORE = (className, cause) -> {};
}
