package dev.backprobe.report.page;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.report.source.SourceSnippet;
import dev.backprobe.trace.SourceLocation;
import java.util.Collection;
import java.util.Map;

/** Small pieces of markup several sections use: severity badges, locations, snippets, evidence. */
final class Fragments {

  /** Evidence values longer than this are cut: a table cell is not the place for a dump. */
  static final int MAX_VALUE_CHARS = 160;

  private Fragments() {}

  static String severityName(Severity s) {
    return s == null ? "info" : s.id();
  }

  static void severity(HtmlWriter w, Severity s) {
    w.element("span", "sev sev-" + severityName(s), severityName(s));
  }

  /** A location as {@code Net.java:42} with the class and method in a tooltip. */
  static void location(HtmlWriter w, SourceLocation location) {
    if (location == null) {
      return;
    }
    String where = location.shortForm();
    String full = (location.className() == null ? "?" : location.className())
        + (location.method() == null ? "" : "#" + location.method());
    w.open("code", "loc").attr("title", full).text(where).close();
  }

  /** A link to a fragment id, or plain code text when there is no target. */
  static void link(HtmlWriter w, String target, String text) {
    if (target == null) {
      w.element("code", text);
    } else {
      w.open("a").attr("href", "#" + target).open("code").text(text).close().close();
    }
  }

  /** The lines of a snippet, the offending one marked. */
  static void snippet(HtmlWriter w, SourceSnippet s) {
    w.open("figure", "src");
    w.element("figcaption", s.file().toString());
    w.open("pre");
    for (int i = 0; i < s.lines().size(); i++) {
      int number = s.firstLine() + i;
      w.open("span", number == s.line() ? "cl hl" : "cl");
      w.element("span", "no", String.valueOf(number));
      w.text(s.lines().get(i));
      w.close(); // block-level lines: copying the snippet still gives one line each
    }
    w.close();
    w.close();
  }

  /** A finding's evidence as a two-column table. */
  static void evidence(HtmlWriter w, Map<String, Object> evidence) {
    if (evidence == null || evidence.isEmpty()) {
      return;
    }
    w.open("table", "evidence");
    w.open("tbody");
    for (Map.Entry<String, Object> e : evidence.entrySet()) {
      w.open("tr");
      w.element("th", e.getKey());
      w.element("td", value(e.getValue()));
      w.close();
    }
    w.close();
    w.close();
  }

  /** An evidence value: numbers with a few digits, lists and maps spelled out, long text cut. */
  static String value(Object v) {
    String s;
    if (v == null) {
      s = "–";
    } else if (v instanceof Double || v instanceof Float) {
      s = Format.number(((Number) v).doubleValue(), 4);
    } else if (v instanceof Number || v instanceof Boolean) {
      s = v.toString();
    } else if (v instanceof Collection<?> c) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : c) {
        b.append(b.length() > 1 ? ", " : "").append(value(o));
        if (b.length() > MAX_VALUE_CHARS) {
          break;
        }
      }
      s = b.append(']').toString();
    } else if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append(": ").append(value(e.getValue()));
        if (b.length() > MAX_VALUE_CHARS) {
          break;
        }
      }
      s = b.append('}').toString();
    } else {
      s = v.toString();
    }
    return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
  }

  /** The first sentence a finding says, with its subject when the message is missing. */
  static String sentence(Finding f) {
    if (f.message() != null && !f.message().isBlank()) {
      return f.message();
    }
    return (f.rule() == null ? "finding" : f.rule())
        + (f.subject() == null ? "" : " on " + f.subject());
  }

  /** A section heading with its id. */
  static void openSection(HtmlWriter w, String id, String title) {
    w.open("section").attr("id", id);
    w.element("h2", title);
  }

  /** A muted paragraph saying what is missing. */
  static void missing(HtmlWriter w, String text) {
    w.element("p", "missing", text);
  }
}
