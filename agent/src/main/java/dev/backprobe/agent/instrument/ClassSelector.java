package dev.backprobe.agent.instrument;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which classes the transformer instruments from the {@code include}/{@code exclude}
 * globs. Without an {@code include}, the main class's package and its sub-packages are included
 * (a main class in the unnamed package includes the unnamed package only); while the main class is
 * unknown nothing is included, until {@link #resolveMain} is told it.
 */
public final class ClassSelector {
  /** How the include of a main class in the unnamed package is shown to users. */
  public static final String UNNAMED_PACKAGE = "(unnamed package)";

  private final List<ClassGlob> include;
  private final List<ClassGlob> exclude;
  private volatile String mainClass;

  /**
   * @param include the include globs; empty for "the main class's package"
   * @param exclude the exclude globs
   * @param mainClass the main class when the launcher told it (dotted), or empty
   */
  public ClassSelector(List<ClassGlob> include, List<ClassGlob> exclude, Optional<String> mainClass) {
    this.include = List.copyOf(include);
    this.exclude = List.copyOf(exclude);
    this.mainClass = mainClass.orElse(null);
  }

  /** Selects exactly the classes matched by {@code include} and not by {@code exclude}. */
  public static ClassSelector of(List<ClassGlob> include, List<ClassGlob> exclude) {
    return new ClassSelector(include, exclude, Optional.empty());
  }

  /** Whether the selection still waits for the main class to be known. */
  public boolean awaitsMainClass() {
    return include.isEmpty() && mainClass == null;
  }

  /** Sets the main class once (later calls are ignored). */
  public synchronized void resolveMain(String dottedName) {
    if (mainClass == null) {
      mainClass = dottedName.replace('/', '.');
    }
  }

  /** The main class, when known. */
  public Optional<String> mainClass() {
    return Optional.ofNullable(mainClass);
  }

  /** Whether a class (dotted or internal name) is instrumented. */
  public boolean selects(String className) {
    String dotted = className.replace('/', '.');
    for (ClassGlob glob : exclude) {
      if (glob.matches(dotted)) {
        return false;
      }
    }
    if (!include.isEmpty()) {
      for (ClassGlob glob : include) {
        if (glob.matches(dotted)) {
          return true;
        }
      }
      return false;
    }
    String main = mainClass;
    if (main == null) {
      return false;
    }
    String mainPackage = packageOf(main);
    return mainPackage.isEmpty()
        ? packageOf(dotted).isEmpty()
        : dotted.startsWith(mainPackage + ".");
  }

  /** The include as users read it: the globs given, or the main class's package as a glob. */
  public List<String> describeInclude() {
    if (!include.isEmpty()) {
      return include.stream().map(ClassGlob::toString).collect(Collectors.toList());
    }
    String main = mainClass;
    if (main == null) {
      return List.of();
    }
    String mainPackage = packageOf(main);
    return List.of(mainPackage.isEmpty() ? UNNAMED_PACKAGE : mainPackage + ".*");
  }

  private static String packageOf(String dotted) {
    int dot = dotted.lastIndexOf('.');
    return dot < 0 ? "" : dotted.substring(0, dot);
  }
}
