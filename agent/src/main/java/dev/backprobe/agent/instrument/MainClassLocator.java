package dev.backprobe.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Finds the application's main class while {@code premain} runs, before the JVM has loaded it, so
 * that the default {@code include} (the main class's package) is known.
 *
 * <p>Sources, in order: the {@code sun.java.command} system property that the {@code java} launcher
 * sets ({@code com.acme.Main args…}, {@code app.jar args…} whose manifest names the {@code
 * Main-Class}, or {@code module/com.acme.Main}); then the {@code JAVA_MAIN_CLASS_<pid>} environment
 * variable that some launchers set. The source-file launcher ({@code java Main.java}) and embedding
 * launchers give no usable name: then the main class stays unknown and the transformer takes the
 * first application class that declares {@code public static void main(String[])} (see {@link
 * ClassSelector}).
 */
public final class MainClassLocator {
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final String SOURCE_LAUNCHER = "com.sun.tools.javac.launcher.";

  private MainClassLocator() {}

  /** The main class's dotted name, when the launcher tells it. */
  public static Optional<String> locate() {
    Optional<String> fromCommand = fromCommand(System.getProperty("sun.java.command"));
    if (fromCommand.isPresent()) {
      return fromCommand;
    }
    String env = System.getenv("JAVA_MAIN_CLASS_" + ProcessHandle.current().pid());
    return env == null ? Optional.empty() : asClassName(env.trim());
  }

  /** Reads the main class from a {@code sun.java.command} value; empty when it names none. */
  static Optional<String> fromCommand(String command) {
    if (command == null || command.isBlank()) {
      return Optional.empty();
    }
    String trimmed = command.trim();
    int jar = trimmed.toLowerCase(java.util.Locale.ROOT).indexOf(".jar");
    if (jar > 0 && (trimmed.length() == jar + 4 || trimmed.charAt(jar + 4) == ' ')) {
      return mainOfJar(new File(trimmed.substring(0, jar + 4)));
    }
    String first = trimmed.split("\\s+", 2)[0];
    int slash = first.lastIndexOf('/');
    if (slash >= 0) {
      first = first.substring(slash + 1); // module/class
    }
    if (first.startsWith(SOURCE_LAUNCHER)) {
      return Optional.empty();
    }
    return asClassName(first);
  }

  private static Optional<String> mainOfJar(File file) {
    if (!file.isFile()) {
      return Optional.empty();
    }
    try (JarFile jar = new JarFile(file, false)) {
      Manifest manifest = jar.getManifest();
      if (manifest == null) {
        return Optional.empty();
      }
      String main = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      return main == null ? Optional.empty() : asClassName(main.trim());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> asClassName(String candidate) {
    return CLASS_NAME.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
  }
}
