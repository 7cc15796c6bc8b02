package dev.backprobe.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formatting for an 80-column terminal: numbers, wrapping, padding, bars. */
final class Text {

  /** Every line the REPL prints fits this many columns. */
  static final int WIDTH = 80;

  private Text() {}

  /** A number in at most 10 characters: {@code 0.01234}, {@code -1.234e+05}, {@code NaN}. */
  static String num(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "∞" : "-∞";
    }
    if (x == 0) {
      return "0";
    }
    double abs = Math.abs(x);
    if (abs >= 1e-3 && abs < 1e5) {
      String s = String.format(Locale.ROOT, "%.4g", x);
      return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
    return String.format(Locale.ROOT, "%.3e", x);
  }

  /** A share as a percentage: {@code 37.5%}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  static String pad(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    return s + " ".repeat(width - s.length());
  }

  static String padLeft(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    return " ".repeat(width - s.length()) + s;
  }

  /** Cuts {@code s} to {@code width} characters, keeping its end (names differ at the end). */
  static String fitEnd(String s, int width) {
    return s.length() <= width ? s : "…" + s.substring(s.length() - width + 1);
  }

  /** Wraps text to {@link #WIDTH}, continuation lines indented by {@code indent} spaces. */
  static List<String> wrap(String text, int indent) {
    return wrap(text, indent, WIDTH);
  }

  static List<String> wrap(String text, int indent, int width) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.split("\n", -1)) {
      if (paragraph.length() <= width) {
        // fits: kept as is, so that the padding of tables survives
        lines.add(lines.isEmpty() ? paragraph : " ".repeat(indent) + paragraph.stripLeading());
        continue;
      }
      StringBuilder line = new StringBuilder();
      String body = paragraph.stripLeading();
      // a paragraph's own leading spaces are kept; later paragraphs start at the indent
      String prefix =
          lines.isEmpty() ? paragraph.substring(0, paragraph.length() - body.length()) : " ".repeat(indent);
      line.append(prefix);
      int lineStart = prefix.length();
      for (String word : body.split(" ")) {
        if (word.isEmpty()) {
          // a run of spaces (padding before a value) is kept, except at a line start
          if (line.length() > lineStart && line.length() < width) {
            line.append(' ');
          }
          continue;
        }
        while (word.length() > width - indent) {
          // a word longer than a line (a long class name): break it hard
          if (line.length() > lineStart) {
            lines.add(line.toString());
            line = new StringBuilder(" ".repeat(indent));
            lineStart = indent;
          }
          int cut = width - line.length();
          lines.add(line + word.substring(0, cut));
          word = word.substring(cut);
          line = new StringBuilder(" ".repeat(indent));
          lineStart = indent;
        }
        if (line.length() > lineStart && line.length() + 1 + word.length() > width) {
          lines.add(line.toString());
          line = new StringBuilder(" ".repeat(indent));
          lineStart = indent;
        }
        if (line.length() > lineStart) {
          line.append(' ');
        }
        line.append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /** A bar of {@code value / max · width} blocks. */
  static String bar(double value, double max, int width) {
    if (!(max > 0) || !(value > 0)) {
      return "";
    }
    int n = (int) Math.round(value / max * width);
    return "#".repeat(Math.max(1, Math.min(width, n)));
  }

  /** Levenshtein distance, for "did you mean". */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The candidate closest to {@code wanted}, or null when there are none. */
  static String closest(String wanted, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = Math.min(distance(wanted, c), distance(wanted, Names.shortName(c)));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }
}
