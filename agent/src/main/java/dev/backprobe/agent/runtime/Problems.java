package dev.backprobe.agent.runtime;

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
  public synchronized void report(String key, String message, Throwable cause) {
    if (!keys.add(key)) {
      return;
    }
    String line = cause == null ? message : message + " (" + describe(cause) + ")";
    if (messages.size() < MAX_LISTED) {
      messages.add(line);
    } else {
      dropped++;
    }
    if (err != null) {
      err.println("[backprobe] " + line);
    }
  }

  /** The logger handed to the transformer: a class that would not instrument, and why. */
  public void classNotInstrumented(String className, Throwable cause) {
    report(
        "instrument:" + className,
        "class " + className + " was left uninstrumented",
        cause);
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
