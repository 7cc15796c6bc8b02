package dev.backprobe.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HtmlWriterTest {

  private final StringWriter out = new StringWriter();
  private final HtmlWriter w = new HtmlWriter(out);

  @Test
  void should_escape_markup_in_text_but_keep_quotes_when_writing_text() {
    w.open("p").text("a < b & c > d \"q\" 'r'").close();

    assertThat(out.toString()).isEqualTo("<p>a &lt; b &amp; c &gt; d \"q\" 'r'</p>\n");
  }

  @Test
  void should_escape_quotes_and_markup_when_writing_attributes() {
    w.open("a").attr("title", "x\" onclick='y' <z>&").close();

    assertThat(out.toString())
        .isEqualTo("<a title=\"x&quot; onclick=&#39;y&#39; &lt;z&gt;&amp;\"></a>");
  }

  @Test
  void should_replace_control_characters_and_lone_surrogates_when_escaping() {
    assertThat(HtmlWriter.escapeText("a\u0000b\u001bc\td\ne")).isEqualTo("a\uFFFDb\uFFFDc\td\ne");
    assertThat(HtmlWriter.escapeText("x\uD800y")).isEqualTo("x\uFFFDy");
    assertThat(HtmlWriter.escapeText("😀")).isEqualTo("😀");
  }

  @Test
  void should_self_close_empty_svg_elements_and_not_void_html_ones() {
    w.open("div").open("svg").open("rect").attr("x", 1.234).close().close().open("br").close()
        .close();

    assertThat(out.toString()).isEqualTo("<div><svg><rect x=\"1.23\"/></svg>\n<br></div>\n");
  }

  @Test
  void should_refuse_bad_names_and_late_attributes() {
    assertThatThrownBy(() -> w.open("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.open("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.open("1p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.open("ß")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.open(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.open("p").attr("on\"x", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    w.open("p").text("t");
    assertThatThrownBy(() -> w.attr("class", "c")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void should_refuse_raw_text_that_could_close_its_element() {
    assertThatThrownBy(() -> w.open("style").trustedRawText("a{}</STYLE><script>"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_close_every_open_element_when_finished() {
    w.open("html").open("body").open("p").text("x");

    w.finish();

    assertThat(out.toString()).isEqualTo("<html><body><p>x</p>\n</body>\n</html>\n");
    assertThat(w.depth()).isZero();
  }

  @Test
  void should_write_coordinates_with_two_decimals_at_most() {
    assertThat(HtmlWriter.coordinate(3)).isEqualTo("3");
    assertThat(HtmlWriter.coordinate(-0.5)).isEqualTo("-0.5");
    assertThat(HtmlWriter.coordinate(2.005)).isIn("2", "2.01");
    assertThat(HtmlWriter.coordinate(-12.346)).isEqualTo("-12.35");
    assertThat(HtmlWriter.coordinate(0.07)).isEqualTo("0.07");
    assertThat(HtmlWriter.coordinate(Double.NaN)).isEqualTo("0");
  }
}
