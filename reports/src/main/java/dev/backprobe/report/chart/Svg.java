package dev.backprobe.report.chart;

import dev.backprobe.report.html.HtmlWriter;

/**
 * Thin helpers for writing SVG through an {@link HtmlWriter}: every chart is an {@code <svg>} with a
 * {@code viewBox} (so it scales to the page), a {@code <title>} and {@code role="img"}.
 */
public final class Svg {

  private Svg() {}

  /** Opens an {@code <svg>} of the given size; the caller closes it. */
  public static void open(HtmlWriter w, double width, double height, String label) {
    // inline SVG in an HTML document needs no xmlns: the parser puts it in the SVG namespace
    w.open("svg")
        .attr("viewBox", "0 0 " + num(width) + " " + num(height))
        .attr("width", width)
        .attr("height", height)
        .attr("role", "img")
        .attr("aria-label", label)
        .attr("class", "chart");
    w.element("title", label);
  }

  public static void rect(HtmlWriter w, double x, double y, double width, double height, String cls) {
    rect(w, x, y, width, height, cls, null);
  }

  /** A rectangle with a tooltip ({@code <title>}) when {@code title} is not null. */
  public static void rect(
      HtmlWriter w, double x, double y, double width, double height, String cls, String title) {
    w.open("rect")
        .attr("x", x)
        .attr("y", y)
        .attr("width", Math.max(0, width))
        .attr("height", Math.max(0, height))
        .attr("class", cls);
    if (title != null) {
      w.element("title", title);
    }
    w.close();
  }

  public static void line(HtmlWriter w, double x1, double y1, double x2, double y2, String cls) {
    w.open("line")
        .attr("x1", x1)
        .attr("y1", y1)
        .attr("x2", x2)
        .attr("y2", y2)
        .attr("class", cls)
        .close();
  }

  public static void text(HtmlWriter w, double x, double y, String anchor, String cls, String text) {
    w.open("text")
        .attr("x", x)
        .attr("y", y)
        .attr("text-anchor", anchor)
        .attr("class", cls)
        .text(text)
        .close();
  }

  /** A path; {@code d} is built by {@link PathData} from numbers only. */
  public static void path(HtmlWriter w, String d, String cls) {
    if (!d.isEmpty()) {
      w.open("path").attr("d", d).attr("class", cls).close();
    }
  }

  static String num(double v) {
    return PathData.num(v);
  }
}
