package dev.backprobe.samples.data;

import java.nio.file.Path;

/**
 * The command line every sample accepts: nothing, or {@code --data DIR} (a folder of IDX files,
 * used by the MNIST samples and accepted and ignored by the others, so that one launcher can run
 * them all).
 */
public record SampleArgs(Path dataDir) {

  /** Parses the arguments, or prints one line on stderr and exits with status 2. */
  public static SampleArgs parseOrExit(String[] args, String program) {
    try {
      return parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(program + ": " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  /** Parses the arguments; throws {@link IllegalArgumentException} with a one-line message. */
  public static SampleArgs parse(String[] args) {
    Path data = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--data") && i + 1 < args.length) {
        data = Path.of(args[++i]);
      } else if (args[i].startsWith("--data=")) {
        data = Path.of(args[i].substring("--data=".length()));
      } else {
        throw new IllegalArgumentException(
            "unknown argument '" + args[i] + "' (accepted: --data DIR)");
      }
    }
    return new SampleArgs(data);
  }
}
