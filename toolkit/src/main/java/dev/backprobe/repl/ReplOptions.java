package dev.backprobe.repl;

import java.nio.file.Path;

/**
 * How the REPL is set up.
 *
 * @param historyFile where the command history is kept between runs, or null for none
 * @param prompt the prompt
 */
public record ReplOptions(Path historyFile, String prompt) {

  public static final String DEFAULT_PROMPT = "backprobe> ";

  /** The history file's name in the user's home. */
  public static final String HISTORY_FILE_NAME = ".backprobe_history";

  /** History in the user's home. */
  public static ReplOptions defaults() {
    return new ReplOptions(
        Path.of(System.getProperty("user.home"), HISTORY_FILE_NAME), DEFAULT_PROMPT);
  }

  /** No history file (tests). */
  public static ReplOptions withoutHistory() {
    return new ReplOptions(null, DEFAULT_PROMPT);
  }
}
