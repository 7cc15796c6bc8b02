package dev.backprobe.agent;

import dev.backprobe.agent.instrument.ClassGlob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's options, parsed from the {@code -javaagent:backprobe-agent.jar=key=value,…} argument
 * (DESIGN.md "Agent contract"). Owns every key and its default, validates values, and prints itself
 * back as an agent argument. Immutable.
 */
public final class AgentOptions {

  /** Class-name globs to instrument, {@code ;}-separated. Default: the main class's package. */
  public static final String INCLUDE = "include";
  /** Class-name globs never instrumented, {@code ;}-separated. Default: none. */
  public static final String EXCLUDE = "exclude";
  /** Folder for {@code report.html}, {@code findings.json}, {@code trace.json}. */
  public static final String OUT = "out";
  /** {@code Class#method}: one call is one training step. Default: discovered. */
  public static final String STEP = "step";
  /** {@code Class#method} returning the scalar loss. Default: discovered. */
  public static final String LOSS = "loss";
  /** Which steps are captured: {@code log}, {@code all} or {@code every:N}. */
  public static final String CAPTURE = "capture";
  /** Share of wall time capture and verification may take, as a percentage. */
  public static final String BUDGET = "budget";
  /** Open the REPL before step N ({@code repl=N}) or at the first error ({@code repl=error}). */
  public static final String REPL = "repl";

  /** Every key, in the order {@link #toAgentArgument()} prints them. */
  public static final List<String> KEYS =
      List.of(INCLUDE, EXCLUDE, OUT, STEP, LOSS, CAPTURE, BUDGET, REPL);

  public static final String DEFAULT_OUT = "backprobe-report";
  public static final String DEFAULT_CAPTURE = "log";
  /** DESIGN.md: capture and verification may take 5% of the run's wall time by default. */
  public static final String DEFAULT_BUDGET = "5%";

  private static final Pattern METHOD_REF =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*#[\\p{L}_$<][\\p{L}\\p{N}_$>]*");
  private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,9}");

  /** The values given, normalised, keyed in {@link #KEYS} order. */
  private final Map<String, String> given;

  private final List<ClassGlob> include;
  private final List<ClassGlob> exclude;
  private final Capture capture;
  private final double budget;
  private final ReplTrigger repl;

  private AgentOptions(Map<String, String> given) {
    this.given = given;
    this.include = ClassGlob.list(given.getOrDefault(INCLUDE, ""));
    this.exclude = ClassGlob.list(given.getOrDefault(EXCLUDE, ""));
    this.capture = Capture.parse(given.getOrDefault(CAPTURE, DEFAULT_CAPTURE));
    this.budget = parseBudget(given.getOrDefault(BUDGET, DEFAULT_BUDGET));
    this.repl = given.containsKey(REPL) ? ReplTrigger.parse(given.get(REPL)) : ReplTrigger.OFF;
  }

  /** Every option at its default. */
  public static AgentOptions defaults() {
    return new AgentOptions(Map.of());
  }

  /**
   * Parses an agent argument ({@code null} or blank means every default).
   *
   * @throws InvalidOptionException with a one-line message naming the key and the accepted values
   */
  public static AgentOptions parse(String argument) {
    Map<String, String> given = new LinkedHashMap<>();
    if (argument != null && !argument.isBlank()) {
      for (String entry : argument.split(",", -1)) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        String key = (eq < 0 ? entry : entry.substring(0, eq)).trim();
        if (!KEYS.contains(key)) {
          throw new InvalidOptionException(
              "unknown option '" + key + "'; accepted options: " + String.join(", ", KEYS));
        }
        if (eq < 0) {
          throw new InvalidOptionException(
              "option '" + key + "' needs a value: " + key + "=" + accepted(key));
        }
        if (given.containsKey(key)) {
          throw new InvalidOptionException("option '" + key + "' is given twice");
        }
        given.put(key, validate(key, entry.substring(eq + 1).trim()));
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : KEYS) {
      if (given.containsKey(key)) {
        ordered.put(key, given.get(key));
      }
    }
    return new AgentOptions(ordered);
  }

  /** Checks one value and returns it normalised; throws naming the key and what it accepts. */
  private static String validate(String key, String value) {
    try {
      switch (key) {
        case INCLUDE, EXCLUDE -> {
          List<ClassGlob> globs = ClassGlob.list(value);
          if (globs.isEmpty()) {
            throw new IllegalArgumentException("no glob given");
          }
          return globs.stream().map(ClassGlob::toString).collect(Collectors.joining(";"));
        }
        case OUT -> {
          if (value.isEmpty()) {
            throw new IllegalArgumentException("empty folder name");
          }
          Path.of(value);
          return value;
        }
        case STEP, LOSS -> {
          if (!METHOD_REF.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not Class#method");
          }
          return value;
        }
        case CAPTURE -> {
          return Capture.parse(value).toString();
        }
        case BUDGET -> {
          return formatPercent(parseBudget(value));
        }
        case REPL -> {
          return ReplTrigger.parse(value).toString();
        }
        default -> throw new IllegalStateException(key);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "bad value for option '"
              + key
              + "' ("
              + e.getMessage()
              + "); accepted: "
              + key
              + "="
              + accepted(key));
    }
  }

  /** What a key accepts, as a user would write it. */
  public static String accepted(String key) {
    return switch (key) {
      case INCLUDE, EXCLUDE -> "glob[;glob…] (e.g. com.acme.nn.*)";
      case OUT -> "folder";
      case STEP, LOSS -> "Class#method (e.g. com.acme.Net#train)";
      case CAPTURE -> "log | all | every:N";
      case BUDGET -> "percentage in (0, 100] (e.g. 5%)";
      case REPL -> "N (a step number ≥ 1) | error";
      default -> throw new IllegalArgumentException(key);
    };
  }

  /** A short description and the default of every key, one per line, for {@code help}. */
  public static String usage() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "  %-9s %-40s %s%n", INCLUDE, accepted(INCLUDE), "default: the main class's package"));
    text.append(String.format("  %-9s %-40s %s%n", EXCLUDE, accepted(EXCLUDE), "default: none"));
    text.append(
        String.format("  %-9s %-40s %s%n", OUT, accepted(OUT), "default: " + DEFAULT_OUT));
    text.append(String.format("  %-9s %-40s %s%n", STEP, accepted(STEP), "default: discovered"));
    text.append(String.format("  %-9s %-40s %s%n", LOSS, accepted(LOSS), "default: discovered"));
    text.append(
        String.format(
            "  %-9s %-40s %s%n",
            CAPTURE,
            accepted(CAPTURE),
            "default: " + DEFAULT_CAPTURE + " (steps 1,2,3,5,10,20,50,…, last)"));
    text.append(
        String.format(
            "  %-9s %-40s %s%n", BUDGET, accepted(BUDGET), "default: " + DEFAULT_BUDGET));
    text.append(String.format("  %-9s %-40s %s%n", REPL, accepted(REPL), "default: off"));
    return text.toString();
  }

  /** The include globs; empty when not given (then the main class's package is meant). */
  public List<ClassGlob> include() {
    return include;
  }

  /** Whether {@code include} was given; if not, the main class's package is instrumented. */
  public boolean includeGiven() {
    return given.containsKey(INCLUDE);
  }

  public List<ClassGlob> exclude() {
    return exclude;
  }

  public Path out() {
    return Path.of(given.getOrDefault(OUT, DEFAULT_OUT));
  }

  /** {@code Class#method} of the training step, when given. */
  public Optional<String> step() {
    return Optional.ofNullable(given.get(STEP));
  }

  /** {@code Class#method} of the loss, when given. */
  public Optional<String> loss() {
    return Optional.ofNullable(given.get(LOSS));
  }

  public Capture capture() {
    return capture;
  }

  /** The budget as a fraction in (0, 1]; 1 means no limit. */
  public double budget() {
    return budget;
  }

  public ReplTrigger repl() {
    return repl;
  }

  /** Whether the option was given explicitly (rather than left at its default). */
  public boolean isGiven(String key) {
    return given.containsKey(key);
  }

  /** The options as an agent argument that {@link #parse} reads back to equal options. */
  public String toAgentArgument() {
    return given.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  @Override
  public String toString() {
    return toAgentArgument();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AgentOptions that && given.equals(that.given);
  }

  @Override
  public int hashCode() {
    return given.hashCode();
  }

  private static double parseBudget(String value) {
    String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
    double percent;
    try {
      percent = Double.parseDouble(number.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a percentage");
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("'" + value + "' is outside (0, 100]");
    }
    return percent / 100;
  }

  private static String formatPercent(double fraction) {
    double percent = fraction * 100;
    return (percent == Math.rint(percent)
            ? String.valueOf((long) percent)
            : String.format(Locale.ROOT, "%s", percent))
        + "%";
  }

  /** An option the agent cannot accept; its message is the one line printed to the user. */
  public static final class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidOptionException(String message) {
      super(message);
    }
  }

  /**
   * Which steps are captured. {@code log}: steps 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, … (the
   * runtime adds the last step); {@code all}: every step; {@code every:N}: step 1 and every
   * multiple of N.
   */
  public record Capture(Mode mode, int every) {
    public enum Mode {
      LOG,
      ALL,
      EVERY
    }

    static Capture parse(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.equals("log")) {
        return new Capture(Mode.LOG, 0);
      }
      if (v.equals("all")) {
        return new Capture(Mode.ALL, 1);
      }
      if (v.startsWith("every:") && POSITIVE_INT.matcher(v.substring(6)).matches()) {
        return new Capture(Mode.EVERY, Integer.parseInt(v.substring(6)));
      }
      throw new IllegalArgumentException("'" + value + "' is not log, all or every:N with N ≥ 1");
    }

    /** Whether step {@code step} (counted from 1) is captured, the last step aside. */
    public boolean selects(long step) {
      if (step < 1) {
        return false;
      }
      return switch (mode) {
        case ALL -> true;
        case EVERY -> step == 1 || step % every == 0;
        case LOG -> isLogStep(step);
      };
    }

    /** 1, 2, 3, 5 and then 1, 2, 5 times every power of ten. */
    private static boolean isLogStep(long step) {
      if (step <= 3 || step == 5) {
        return true;
      }
      long scale = 1;
      while (step % (scale * 10) == 0) {
        scale *= 10;
      }
      long lead = step / scale;
      return scale >= 10 && (lead == 1 || lead == 2 || lead == 5);
    }

    @Override
    public String toString() {
      return switch (mode) {
        case LOG -> "log";
        case ALL -> "all";
        case EVERY -> "every:" + every;
      };
    }
  }

  /**
   * When to open the REPL: before a given step, at the first error finding, or never.
   *
   * @param beforeStep the step to pause before (≥ 1), or 0
   * @param onError whether to pause at the first error finding
   */
  public record ReplTrigger(long beforeStep, boolean onError) {
    public static final ReplTrigger OFF = new ReplTrigger(0, false);

    static ReplTrigger parse(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.equals("error")) {
        return new ReplTrigger(0, true);
      }
      if (POSITIVE_INT.matcher(v).matches()) {
        return new ReplTrigger(Long.parseLong(v), false);
      }
      throw new IllegalArgumentException("'" + value + "' is not a step number ≥ 1 or 'error'");
    }

    public boolean isOff() {
      return beforeStep == 0 && !onError;
    }

    @Override
    public String toString() {
      return onError ? "error" : isOff() ? "off" : String.valueOf(beforeStep);
    }
  }
}
