package dev.backprobe.report.html;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * A small streaming HTML writer in the style of JaCoCo's {@code HTMLElement}: elements are opened
 * and closed in order, and every text and attribute value is escaped on the way out, so nothing a
 * trace contains can change the page's structure.
 *
 * <p>Inside {@code <svg>} empty elements are written self-closed ({@code <rect …/>}), which HTML
 * allows for foreign content and keeps charts small. I/O failures are rethrown unchecked, since a
 * report is written in one go and has no partial state worth recovering.
 */
public final class HtmlWriter {


  /** HTML elements that never have content or an end tag. */
  private static final Set<String> VOID =
      Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr");

  /**
   * Elements after whose end tag a line break is written, so the source stays readable; never
   * inline ones, where a break would render as a space.
   */
  private static final Set<String> BLOCK =
      Set.of(
          "html", "head", "body", "header", "nav", "main", "footer", "section", "article", "div",
          "figure", "table", "thead", "tbody", "tr", "ul", "ol", "li", "dl", "dd", "p", "h1", "h2",
          "h3", "h4", "style", "title", "pre", "details", "svg");

  private final Writer out;
  private final Deque<Open> stack = new ArrayDeque<>();

  /** Whether the last opened start tag still waits for its {@code >}. */
  private boolean startTagOpen;

  /** An element whose end tag is still to come. */
  private static final class Open {
    final String tag;
    final boolean svg;
    boolean hasContent;

    Open(String tag, boolean svg) {
      this.tag = tag;
      this.svg = svg;
    }
  }

  public HtmlWriter(Writer out) {
    this.out = out;
  }

  /** Writes the doctype; call once before the {@code html} element. */
  public HtmlWriter doctype() {
    write("<!DOCTYPE html>\n");
    return this;
  }

  /** Opens an element; attributes may follow until content is written. */
  public HtmlWriter open(String tag) {
    checkName(tag);
    beginContent();
    boolean svg = "svg".equals(tag) || (!stack.isEmpty() && stack.peek().svg);
    write("<" + tag);
    startTagOpen = true;
    stack.push(new Open(tag, svg));
    return this;
  }

  /** Opens an element with a class attribute. */
  public HtmlWriter open(String tag, String cssClass) {
    return open(tag).attr("class", cssClass);
  }

  /** Adds an attribute to the element just opened; a null value omits it. */
  public HtmlWriter attr(String name, String value) {
    checkName(name);
    if (!startTagOpen) {
      throw new IllegalStateException("attribute " + name + " after content");
    }
    if (value != null) {
      write(" " + name + "=\"" + escapeAttribute(value) + "\"");
    }
    return this;
  }

  /** Adds a numeric attribute, with at most two decimals (enough for SVG coordinates). */
  public HtmlWriter attr(String name, double value) {
    return attr(name, coordinate(value));
  }

  /** Escaped text content; null writes nothing. */
  public HtmlWriter text(String text) {
    if (text == null || text.isEmpty()) {
      return this;
    }
    beginContent();
    write(escapeText(text));
    return this;
  }

  /**
   * Content of a raw-text element ({@code style}) that the code itself supplies, never data from a
   * trace. Refuses anything that could end the element early.
   */
  public HtmlWriter trustedRawText(String text) {
    if (text.toLowerCase(Locale.ROOT).contains("</")) {
      throw new IllegalArgumentException("raw text must not contain '</'");
    }
    beginContent();
    write(text);
    return this;
  }

  /** Closes the innermost open element. */
  public HtmlWriter close() {
    if (stack.isEmpty()) {
      throw new IllegalStateException("no open element");
    }
    Open open = stack.pop();
    if (startTagOpen) {
      startTagOpen = false;
      if (open.svg && !open.hasContent) {
        write("/>");
        return this;
      }
      write(">");
      if (VOID.contains(open.tag)) {
        return this;
      }
    }
    write("</" + open.tag + ">");
    if (BLOCK.contains(open.tag)) {
      write("\n");
    }
    return this;
  }

  /** Opens an element, writes its text and closes it. */
  public HtmlWriter element(String tag, String text) {
    return open(tag).text(text).close();
  }

  /** Opens an element with a class, writes its text and closes it. */
  public HtmlWriter element(String tag, String cssClass, String text) {
    return open(tag, cssClass).text(text).close();
  }

  /** Closes every open element and flushes. */
  public void finish() {
    while (!stack.isEmpty()) {
      close();
    }
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of elements currently open. */
  public int depth() {
    return stack.size();
  }

  private void beginContent() {
    if (startTagOpen) {
      write(">");
      startTagOpen = false;
    }
    if (!stack.isEmpty()) {
      stack.peek().hasContent = true;
    }
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkName(String name) {
    if (!isName(name)) {
      throw new IllegalArgumentException("not an element or attribute name: " + name);
    }
  }

  /**
   * {@code [a-zA-Z][a-zA-Z0-9:_-]*}, tested by hand: every element and attribute of a page is
   * checked, and a regular expression was 5 % of the cold render at a run's exit.
   */
  private static boolean isName(String name) {
    if (name == null || name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != ':' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** Escapes text content: {@code & < >}, and replaces characters HTML cannot carry. */
  public static String escapeText(String s) {
    return escape(s, false);
  }

  /** Escapes an attribute value: {@code & < > " '}, and replaces characters HTML cannot carry. */
  public static String escapeAttribute(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = replacement(s, i, c, attribute);
      if (replacement != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(replacement);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static String replacement(String s, int i, char c, boolean attribute) {
    switch (c) {
      case '&':
        return "&amp;";
      case '<':
        return "&lt;";
      case '>':
        return "&gt;";
      case '"':
        return attribute ? "&quot;" : null;
      case '\'':
        return attribute ? "&#39;" : null;
      default:
        break;
    }
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f) {
      return "\uFFFD";
    }
    if (Character.isHighSurrogate(c)) {
      boolean paired = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      return paired ? null : "\uFFFD";
    }
    if (Character.isLowSurrogate(c)) {
      boolean paired = i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      return paired ? null : "\uFFFD";
    }
    return null;
  }

  /** A coordinate with at most two decimals and no trailing zeros. */
  static String coordinate(double v) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    long scaled = Math.round(v * 100);
    long whole = scaled / 100;
    long frac = Math.abs(scaled % 100);
    String sign = scaled < 0 && whole == 0 ? "-" : "";
    if (frac == 0) {
      return sign + whole;
    }
    if (frac % 10 == 0) {
      return sign + whole + "." + (frac / 10);
    }
    return sign + whole + "." + (frac < 10 ? "0" : "") + frac;
  }
}
