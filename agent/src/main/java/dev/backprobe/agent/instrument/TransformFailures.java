package dev.backprobe.agent.instrument;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's {@link TransformLog}: keeps every failure for the report and says each one once on
 * stderr, up to {@link #MAX_PRINTED} lines, so that a jar full of odd classes cannot flood the
 * console.
 */
public final class TransformFailures implements TransformLog {
  /** Lines printed before the rest go only to the report; enough to see a pattern. */
  public static final int MAX_PRINTED = 10;

  /** One class that loads unchanged, and why. */
  public record Failure(String className, String reason) {}

  private final PrintStream err;
  private final Map<String, Failure> failures = new LinkedHashMap<>();

  public TransformFailures(PrintStream err) {
    this.err = err;
  }

  @Override
  public synchronized void classFailed(String className, Throwable cause) {
    if (failures.containsKey(className)) {
      return;
    }
    Failure failure = new Failure(className, describe(cause));
    failures.put(className, failure);
    if (failures.size() <= MAX_PRINTED) {
      err.println(
          "[backprobe] could not instrument "
              + className
              + " ("
              + failure.reason()
              + "); it runs unchanged");
    } else if (failures.size() == MAX_PRINTED + 1) {
      err.println("[backprobe] more classes could not be instrumented; the report lists them all");
    }
  }

  /** Every failure so far, in order. */
  public synchronized List<Failure> failures() {
    return new ArrayList<>(failures.values());
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    text = text.replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
