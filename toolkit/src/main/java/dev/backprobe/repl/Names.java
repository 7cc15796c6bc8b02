package dev.backprobe.repl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Resolves what a user typed to one of the trace's names: exactly, or by a unique suffix after a
 * {@code .}, {@code #} or {@code :} (so {@code w2} finds {@code pkg.Net.w2} and {@code a1} finds
 * {@code pkg.Net#forward:a1}); otherwise a one-line error naming the closest match.
 */
final class Names {

  private Names() {}

  /** The part after the last {@code .}, {@code #} or {@code :}. */
  static String shortName(String name) {
    int cut = Math.max(name.lastIndexOf('.'), Math.max(name.lastIndexOf('#'), name.lastIndexOf(':')));
    return cut >= 0 && cut < name.length() - 1 ? name.substring(cut + 1) : name;
  }

  /**
   * @param what what the names are, for messages ("tensor", "method")
   * @throws CommandException when nothing or several names match
   */
  static String resolve(String typed, Collection<String> names, String what) {
    if (names.contains(typed)) {
      return typed;
    }
    List<String> matches = new ArrayList<>();
    for (String name : names) {
      if (name.endsWith(typed) && name.length() > typed.length()) {
        char before = name.charAt(name.length() - typed.length() - 1);
        if (before == '.' || before == '#' || before == ':') {
          matches.add(name);
        }
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw new CommandException(typed + " is ambiguous: it may be " + String.join(", ", matches));
    }
    String closest = Text.closest(typed, names);
    throw new CommandException(
        "no " + what + " named " + typed + (closest == null ? "" : "; closest: " + closest));
  }
}
