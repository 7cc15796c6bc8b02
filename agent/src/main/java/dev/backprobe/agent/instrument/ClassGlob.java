package dev.backprobe.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A class-name glob as the {@code include}/{@code exclude} options write it: {@code *} matches any
 * run of characters (dots included, so {@code com.acme.nn.*} also covers sub-packages), {@code ?}
 * matches one character. Names are dotted ({@code com.acme.nn.Net$Layer}); slashes are accepted
 * and read as dots.
 */
public final class ClassGlob {
  private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}_$.*?/]+");

  private final String glob;
  private final Pattern pattern;

  private ClassGlob(String glob) {
    this.glob = glob;
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.pattern = Pattern.compile(regex.toString());
  }

  /**
   * Parses one glob.
   *
   * @throws IllegalArgumentException naming the glob when it holds characters a class name cannot
   */
  public static ClassGlob of(String glob) {
    String trimmed = glob.trim().replace('/', '.');
    if (!VALID.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + glob + "' is not a class-name glob (letters, digits, _ $ . * ? only)");
    }
    return new ClassGlob(trimmed);
  }

  /** Parses a {@code ;}-separated list of globs; empty entries are ignored. */
  public static List<ClassGlob> list(String globs) {
    List<ClassGlob> result = new ArrayList<>();
    for (String part : globs.split(";", -1)) {
      if (!part.isBlank()) {
        result.add(of(part));
      }
    }
    return List.copyOf(result);
  }

  /** Whether a dotted or internal ({@code a/b/C}) class name matches. */
  public boolean matches(String className) {
    return pattern.matcher(className.replace('/', '.')).matches();
  }

  @Override
  public String toString() {
    return glob;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassGlob that && glob.equals(that.glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }
}
