package dev.backprobe.agent.runtime;

import dev.backprobe.agent.instrument.TransformFailures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Faults the agent met and survived, each reported once: on stderr when it happens and in the
 * report's {@code RunInfo.problems}. Also the logger the transformer is given.
 */
public final class Problems {

  /** More than this many distinct problems are counted, not listed: the report stays readable. */
  static final int MAX_LISTED = 50;

  private final PrintStream err;
  private final Set<String> keys = new LinkedHashSet<>();
  private final List<String> messages = new ArrayList<>();
  private int dropped;
  private int uninstrumented;

  public Problems(PrintStream err) {
    this.err = err;
  }

  /**
   * Reports a problem once per key.
   *
   * @param key what makes two reports the same problem (e.g. {@code replay:pkg.Net#loss})
   * @param message one sentence for the user
   * @param cause the exception, or null
   */
  public void report(String key, String message, Throwable cause) {
    reportLine(key, cause == null ? message : message + " (" + describe(cause) + ")", true);
  }

  /**
   * The logger handed to the transformer: a class that would not instrument, and why. The sentence
   * is the one docs/agent.md documents (users grep for it), with the cause in the middle.
   */
  public synchronized void classNotInstrumented(String className, Throwable cause) {
    String key = "instrument:" + className;
    if (keys.contains(key)) {
      return;
    }
    // docs/agent.md: at most MAX_PRINTED such lines, then one summary line; the report lists all
    boolean print = ++uninstrumented <= TransformFailures.MAX_PRINTED;
    if (uninstrumented == TransformFailures.MAX_PRINTED + 1 && err != null) {
      err.println("[backprobe] more classes could not be instrumented; the report lists them all");
    }
    reportLine(
        key,
        "could not instrument " + className + " (" + oneLine(describe(cause)) + "); it runs unchanged",
        print);
  }

  private synchronized void reportLine(String key, String line, boolean print) {
    if (!keys.add(key)) {
      return;
    }
    if (messages.size() < MAX_LISTED) {
      messages.add(line);
    } else {
      dropped++;
    }
    if (print && err != null) {
      err.println("[backprobe] " + line);
    }
  }

  /** A cause spread over lines (a verifier dump) would break the one-line-per-class promise. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }

  public synchronized List<String> list() {
    List<String> all = new ArrayList<>(messages);
    if (dropped > 0) {
      all.add(dropped + " more problems were not listed");
    }
    return all;
  }

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root
        && (root instanceof java.lang.reflect.InvocationTargetException
            || root instanceof java.lang.reflect.UndeclaredThrowableException)) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
