package dev.backprobe.report.source;

import dev.backprobe.trace.SourceLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds a trainer's source file from a {@link SourceLocation} ({@code pkg.Net} + {@code Net.java} →
 * {@code pkg/Net.java}) under a list of roots, and cuts a snippet around a line. A root is tried
 * directly first, then searched a few levels deep, so that a project folder works as well as its
 * {@code src/main/java}.
 */
public final class SourceLocator {

  /** Lines shown before and after the offending one: enough to see the statement's context. */
  public static final int CONTEXT_LINES = 3;

  /**
   * How deep under a root the search goes: {@code <project>/<module>/src/main/java/<package…>}
   * needs about four levels above the package path.
   */
  private static final int SEARCH_DEPTH = 12;

  /** Files looked at per root before giving up: keeps a search in a big folder under a second. */
  private static final int SEARCH_LIMIT = 50_000;

  /** Source files larger than this are not read (no trainer is this long; a data file might be). */
  private static final long MAX_FILE_BYTES = 4 << 20;

  private final List<Path> roots;
  private final Map<String, Optional<Path>> found = new HashMap<>();

  public SourceLocator(List<Path> roots) {
    Set<Path> unique = new LinkedHashSet<>();
    for (Path root : roots) {
      if (root != null && Files.isDirectory(root)) {
        unique.add(root.toAbsolutePath().normalize());
      }
    }
    this.roots = List.copyOf(unique);
  }

  public List<Path> roots() {
    return roots;
  }

  /** The relative path a location's source should have, e.g. {@code pkg/Net.java}, or empty. */
  static Optional<String> relativePath(SourceLocation location) {
    if (location == null || location.file() == null || location.file().isBlank()) {
      return Optional.empty();
    }
    String file = location.file();
    if (file.contains("/") || file.contains("\\") || file.contains("..")) {
      return Optional.empty(); // a SourceFile attribute is a bare name; anything else is not trusted
    }
    String cls = location.className();
    if (cls == null || cls.lastIndexOf('.') < 0) {
      return Optional.of(file);
    }
    String pkg = cls.substring(0, cls.lastIndexOf('.'));
    return Optional.of(pkg.replace('.', '/') + "/" + file);
  }

  /** The source file of a location, when one of the roots holds it. */
  public Optional<Path> find(SourceLocation location) {
    Optional<String> relative = relativePath(location);
    if (relative.isEmpty()) {
      return Optional.empty();
    }
    return found.computeIfAbsent(relative.get(), this::search);
  }

  private Optional<Path> search(String relative) {
    for (Path root : roots) {
      Path direct = root.resolve(relative);
      if (Files.isRegularFile(direct)) {
        return Optional.of(direct);
      }
    }
    for (Path root : roots) {
      Optional<Path> deep = searchUnder(root, relative);
      if (deep.isPresent()) {
        return deep;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> searchUnder(Path root, String relative) {
    Path suffix = Path.of(relative);
    try (Stream<Path> files = Files.walk(root, SEARCH_DEPTH)) {
      return files
          .limit(SEARCH_LIMIT)
          .filter(p -> p.endsWith(suffix) && Files.isRegularFile(p))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable folder only means no snippet
    }
  }

  /** The lines around a location's line, when its file can be found and read. */
  public Optional<SourceSnippet> snippet(SourceLocation location) {
    if (location == null || location.line() <= 0) {
      return Optional.empty();
    }
    return find(location).flatMap(file -> cut(file, location.line()));
  }

  static Optional<SourceSnippet> cut(Path file, int line) {
    List<String> all = readLines(file);
    if (line > all.size()) {
      return Optional.empty(); // the source does not match the classes
    }
    int first = Math.max(1, line - CONTEXT_LINES);
    int last = Math.min(all.size(), line + CONTEXT_LINES);
    return Optional.of(
        new SourceSnippet(file, first, line, new ArrayList<>(all.subList(first - 1, last))));
  }

  private static List<String> readLines(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return List.of();
      }
      byte[] bytes = Files.readAllBytes(file);
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        text = new String(bytes, StandardCharsets.ISO_8859_1); // older sources in Latin-1
      }
      return text.lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
