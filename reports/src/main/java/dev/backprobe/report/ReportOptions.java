package dev.backprobe.report;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a report is rendered: where to look for the trainer's sources.
 *
 * @param sourceRoots folders searched for {@code <package path>/<File>.java}, in order (a source
 *     folder or any folder above one; see {@link dev.backprobe.report.source.SourceLocator})
 * @param classesDirs folders the trainer's classes were loaded from; {@code src/main/java} (or
 *     {@code src/test/java}) next to a Maven or Gradle output folder is searched too
 * @param useCommandLineClasspath also derive source roots from the class path in the trace's
 *     command line, and search the working directory's {@code src/main/java}
 */
public record ReportOptions(
    List<Path> sourceRoots, List<Path> classesDirs, boolean useCommandLineClasspath) {

  public ReportOptions {
    sourceRoots = List.copyOf(sourceRoots);
    classesDirs = List.copyOf(classesDirs);
  }

  /** No explicit roots; sources are looked for next to the classes named in the command line. */
  public static ReportOptions defaults() {
    return new ReportOptions(List.of(), List.of(), true);
  }

  /** These options with more source roots. */
  public ReportOptions withSourceRoots(List<Path> roots) {
    List<Path> all = new ArrayList<>(sourceRoots);
    all.addAll(roots);
    return new ReportOptions(all, classesDirs, useCommandLineClasspath);
  }

  /** These options with more classes folders. */
  public ReportOptions withClassesDirs(List<Path> dirs) {
    List<Path> all = new ArrayList<>(classesDirs);
    all.addAll(dirs);
    return new ReportOptions(sourceRoots, all, useCommandLineClasspath);
  }

  /** Only the given roots: nothing derived from the command line or the working directory. */
  public static ReportOptions onlySources(List<Path> roots) {
    return new ReportOptions(roots, List.of(), false);
  }

  /**
   * Every folder to search, in order: the explicit roots, then the source folders next to the
   * classes folders, then (when enabled) those next to class-path entries of the command line and
   * the working directory's {@code src/main/java}.
   */
  public List<Path> searchRoots(String commandLine) {
    List<Path> roots = new ArrayList<>(sourceRoots);
    List<Path> classes = new ArrayList<>(classesDirs);
    if (useCommandLineClasspath) {
      classes.addAll(classpathOf(commandLine));
    }
    for (Path dir : classes) {
      roots.addAll(sourcesNextTo(dir));
    }
    if (useCommandLineClasspath) {
      roots.add(Path.of("src", "main", "java"));
    }
    return roots;
  }

  /** {@code X/src/main/java} for {@code X/target/classes} (Maven) or {@code X/build/classes/java/main} (Gradle). */
  static List<Path> sourcesNextTo(Path classesDir) {
    Path dir = classesDir.toAbsolutePath().normalize();
    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
    List<Path> result = new ArrayList<>();
    String set = name.equals("test-classes") || name.equals("test") ? "test" : "main";
    for (Path up = dir.getParent(); up != null && result.size() < 3; up = up.getParent()) {
      String upName = up.getFileName() == null ? "" : up.getFileName().toString();
      if (upName.equals("target") || upName.equals("build") || upName.equals("out")
          || upName.equals("bin")) {
        Path project = up.getParent();
        if (project != null) {
          result.add(project.resolve("src").resolve(set).resolve("java"));
          result.add(project.resolve("src"));
        }
        break;
      }
    }
    if (result.isEmpty() && dir.getParent() != null) {
      result.add(dir.getParent().resolve("src").resolve(set).resolve("java"));
    }
    return result;
  }

  /** The class-path folders named by {@code -cp}, {@code -classpath} or {@code --class-path}. */
  static List<Path> classpathOf(String commandLine) {
    List<Path> dirs = new ArrayList<>();
    if (commandLine == null) {
      return dirs;
    }
    String[] tokens = commandLine.trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      String value = null;
      if ((t.equals("-cp") || t.equals("-classpath") || t.equals("--class-path"))
          && i + 1 < tokens.length) {
        value = tokens[i + 1];
      } else if (t.startsWith("--class-path=")) {
        value = t.substring("--class-path=".length());
      }
      if (value != null) {
        for (String entry : value.split(File.pathSeparator)) {
          if (!entry.isBlank() && !entry.endsWith(".jar")) {
            try {
              dirs.add(Path.of(entry));
            } catch (RuntimeException e) {
              // not a path on this system: nothing to search there
            }
          }
        }
      }
    }
    return dirs;
  }
}
