package dev.backprobe.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  private final SyntheticTrace synthetic = new SyntheticTrace();

  private static Document render(Trace trace, FindingsDocument findings, ReportOptions options)
      throws Exception {
    ReportOutput.InMemory out = new ReportOutput.InMemory();
    HtmlReport.write(trace, findings, options, out);
    return Jsoup.parse(out.toString());
  }

  private Document renderAllRules() throws Exception {
    return render(synthetic.build(), synthetic.findingsForEveryRule(),
        ReportOptions.onlySources(List.of()));
  }

  @Test
  void should_count_errors_and_warnings_in_the_verdict_when_every_rule_fired() throws Exception {
    Document doc = renderAllRules();

    Element verdict = doc.getElementById("verdict");
    assertThat(verdict).isNotNull();
    assertThat(verdict.selectFirst("h2").text()).isEqualTo("7 errors, 5 warnings");
    Elements causes = verdict.select("li.cause");
    assertThat(causes).hasSize(6);
    assertThat(causes.first().hasClass("root")).isTrue();
    assertThat(causes.first().text()).contains("most likely root cause", "gradient-sign",
        "Net.java:40");
  }

  @Test
  void should_show_every_finding_with_rule_location_message_hint_and_evidence() throws Exception {
    Document doc = renderAllRules();

    Elements findings = doc.select("#findings article.finding");
    assertThat(findings).hasSize(RuleId.values().length);
    for (RuleId rule : RuleId.values()) {
      Element f = findings.stream().filter(e -> e.selectFirst("code.rule").text().equals(rule.id()))
          .findFirst().orElseThrow(() -> new AssertionError("no finding for " + rule.id()));
      assertThat(f.select(".sev").text()).isIn("error", "warning");
      assertThat(f.selectFirst("code.loc").text()).matches("Net\\.java:\\d+");
      assertThat(f.selectFirst("code.loc").attr("title")).isEqualTo("com.acme.nn.Net#trainStep");
      assertThat(f.selectFirst("p.message").text()).isEqualTo("the " + rule.id() + " message about "
          + f.selectFirst("dd code").text());
      assertThat(f.selectFirst("p.hint").text()).contains("the " + rule.id() + " hint");
      Elements evidence = f.select("table.evidence tr");
      assertThat(evidence).hasSize(4);
      assertThat(evidence.get(0).text()).isEqualTo("cos -0.5123");
      assertThat(evidence.get(3).text()).isEqualTo("steps [1, 2, 3]");
    }
  }

  @Test
  void should_link_each_finding_to_an_element_that_exists() throws Exception {
    Document doc = renderAllRules();

    for (Element a : doc.select("a[href^=#]")) {
      String id = a.attr("href").substring(1);
      assertThat(doc.getElementById(id)).as("target of " + a.outerHtml()).isNotNull();
    }
    Element sign = doc.select("#findings article").stream()
        .filter(e -> e.selectFirst("code.rule").text().equals("gradient-sign")).findFirst()
        .orElseThrow();
    String target = sign.selectFirst("dd a").attr("href").substring(1);
    Element row = doc.getElementById(target);
    assertThat(row.tagName()).isEqualTo("tr");
    assertThat(row.text()).contains(synthetic.weight(1), "climbs");
    Element derivative = doc.select("#findings article").stream()
        .filter(e -> e.selectFirst("code.rule").text().equals("derivative-mismatch")).findFirst()
        .orElseThrow();
    Element probe = doc.getElementById(derivative.selectFirst("dd a").attr("href").substring(1));
    assertThat(probe.text()).contains("#dersgm", "wrong sign");
    Element saturation = doc.select("#findings article").stream()
        .filter(e -> e.selectFirst("code.rule").text().equals("saturation")).findFirst()
        .orElseThrow();
    Element card = doc.getElementById(saturation.selectFirst("dd a").attr("href").substring(1));
    assertThat(card.hasClass("card")).isTrue();
    assertThat(card.selectFirst("h3").text()).isEqualTo(synthetic.activation(1));
  }

  @Test
  void should_draw_charts_with_data_when_the_trace_has_steps() throws Exception {
    Document doc = renderAllRules();

    Element loss = doc.selectFirst("#loss svg");
    assertThat(loss).isNotNull();
    assertThat(loss.selectFirst("path.ln").attr("d")).startsWith("M").contains("L");
    // 200 loss values, one dot each at most MAX_DOTS: so the line carries them
    assertThat(loss.selectFirst("path.ln").attr("d").split("L")).hasSizeGreaterThan(100);

    Element ratios = doc.selectFirst("#updates svg");
    assertThat(ratios.select("path.ln")).hasSize(4); // w1, b1, w2, b2
    assertThat(ratios.select("rect.band")).hasSize(1);
    assertThat(ratios.select("circle.pt")).hasSize(4 * 9);
    assertThat(doc.select("#updates .note").text()).isEqualTo("log scale");

    Elements cards = doc.select("#tensors .card");
    assertThat(cards).hasSizeGreaterThanOrEqualTo(7);
    for (Element card : cards) {
      assertThat(card.select("svg path.ln")).hasSize(1);
      assertThat(card.select("svg path.sd").attr("d")).contains("Z");
      assertThat(card.select("svg circle.pt")).hasSize(9);
    }

    Elements histograms = doc.select("#activations figure.small");
    assertThat(histograms).hasSize(2 * 5);
    assertThat(histograms.first().select("rect.bar")).isNotEmpty();

    Elements heat = doc.select("#units svg");
    assertThat(heat).hasSize(2);
    assertThat(heat.first().select("rect.hd")).as("the dead unit").isNotEmpty();
    assertThat(heat.first().select("rect.hs")).as("the saturated unit").isNotEmpty();
    assertThat(doc.select("#units figcaption").first().text())
        .matches("At step 200: 1 of 8 units dead, [1-7] saturated\\.");
  }

  @Test
  void should_list_every_gradient_check_with_its_numbers_and_skips() throws Exception {
    Document doc = renderAllRules();

    Elements rows = doc.select("#checks table tbody tr");
    assertThat(rows).hasSize(9 * 4);
    Element first = rows.first();
    assertThat(first.select("td").get(0).text()).isEqualTo("1");
    assertThat(first.select("td").get(1).text()).isEqualTo(synthetic.weight(1));
    assertThat(first.select("td.verdict").text()).isEqualTo("climbs");
    assertThat(first.hasClass("v-err")).isTrue();
    assertThat(rows.select("td.verdict").eachText()).contains("agrees", "mismatch",
        "skipped: noise floor");
    Element skipped = rows.stream().filter(r -> r.text().contains("skipped: noise floor"))
        .findFirst().orElseThrow();
    assertThat(skipped.select("td").get(10).text()).isEqualTo("32");
  }

  @Test
  void should_escape_names_with_markup_and_quotes_in_text_and_attributes() throws Exception {
    String evil = "com.acme.<b>Net</b>&\"x\"'y'";
    SyntheticTrace t = new SyntheticTrace().owner(evil).file("N<e>t&\".java")
        .commandLine("java -cp \"<x>&'y'\" Main");
    Trace trace = t.build();
    Map<String, Object> evidence = Map.of("<key>&\"'", "<value>&\"'");
    Finding f = new Finding("gradient-sign", Severity.ERROR, 1, t.weight(1), t.at("<m>", 3),
        "message <script>alert('x')</script> & \"quoted\"", "hint <i>'&'</i>", evidence);
    ReportOutput.InMemory out = new ReportOutput.InMemory();

    HtmlReport.write(trace, t.document(List.of(f)), ReportOptions.onlySources(List.of()), out);

    String html = out.toString();
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("script")).isEmpty();
    assertThat(doc.select("b")).isEmpty();
    assertThat(doc.select("i").stream().filter(e -> !e.hasClass("sw"))).isEmpty();
    assertThat(html).doesNotContain("<b>", "<script>", "<key>", "<value>", "<m>");
    assertThat(doc.selectFirst("#findings p.message").text())
        .isEqualTo("message <script>alert('x')</script> & \"quoted\"");
    assertThat(doc.selectFirst("#findings p.hint").text()).isEqualTo("Hint: hint <i>'&'</i>");
    assertThat(doc.selectFirst("#findings table.evidence th").text()).isEqualTo("<key>&\"'");
    assertThat(doc.selectFirst("#findings table.evidence td").text()).isEqualTo("<value>&\"'");
    assertThat(doc.selectFirst("#findings code.loc").attr("title")).isEqualTo(evil + "#<m>");
    assertThat(doc.selectFirst("#findings code.loc").text()).isEqualTo("N<e>t&\".java:3");
    assertThat(doc.select("#tensors .card h3").eachText()).contains(t.weight(1));
    assertThat(doc.select("svg.chart").eachAttr("aria-label"))
        .contains(t.weight(1) + " across captured steps");
    assertThat(doc.select("#updates figcaption .key").eachText()).contains(t.weight(1));
    assertThat(doc.select("#run code").eachText()).contains("java -cp \"<x>&'y'\" Main");
    assertThat(doc.title()).isEqualTo("Backprobe report: " + t.mainClass());
    // every attribute value went through the escaper: no raw quote closes one early
    assertThat(doc.select("[title]").eachAttr("title")).allSatisfy(v -> assertThat(v).isNotBlank());
  }

  @Test
  void should_show_the_offending_line_when_the_source_file_is_found(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("project/src/main/java/com/acme/nn/Net.java");
    Files.createDirectories(source.getParent());
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 60; i++) {
      text.append(i == 40 ? "    w2[i][j] += lr * delta[j] * a1[i]; // <bug> & \"here\"" : "line " + i)
          .append('\n');
    }
    Files.writeString(source, text, StandardCharsets.UTF_8);

    Document doc = render(synthetic.build(), synthetic.findingsForEveryRule(),
        ReportOptions.onlySources(List.of(dir)));

    Element root = doc.selectFirst("#verdict li.cause.root");
    Element snippet = root.selectFirst("figure.src");
    assertThat(snippet).isNotNull();
    assertThat(snippet.selectFirst("figcaption").text()).endsWith("com/acme/nn/Net.java");
    assertThat(snippet.select(".cl .no").eachText()).containsExactly("37", "38", "39", "40", "41",
        "42", "43");
    Element highlighted = snippet.selectFirst(".cl.hl");
    assertThat(highlighted.selectFirst(".no").text()).isEqualTo("40");
    assertThat(highlighted.ownText()).isEqualTo("w2[i][j] += lr * delta[j] * a1[i]; // <bug> & \"here\"");
    assertThat(doc.select("#verdict figure.src")).hasSize(3);
  }

  @Test
  void should_find_sources_next_to_the_classes_of_the_command_line(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("src/main/java/com/acme/nn/Net.java");
    Files.createDirectories(source.getParent());
    Files.createDirectories(dir.resolve("target/classes"));
    Files.writeString(source, "a\nb\nc\nd\ne\nf\ng\nh\n".repeat(10));
    SyntheticTrace t = new SyntheticTrace()
        .commandLine("java -cp " + dir.resolve("target/classes") + " com.acme.nn.Main");

    Document doc = render(t.build(), t.findingsForEveryRule(), ReportOptions.defaults());

    assertThat(doc.selectFirst("#verdict .cl.hl .no").text()).isEqualTo("40");
  }

  @Test
  void should_render_and_say_what_is_missing_when_the_trace_is_empty() throws Exception {
    Trace empty = new Trace(null, null, null, null);

    Document doc = render(empty, null, ReportOptions.onlySources(List.of()));

    assertThat(doc.selectFirst("#verdict h2").text()).isEqualTo("No errors or warnings");
    assertThat(doc.select("#verdict .notice li").eachText()).anySatisfy(
        s -> assertThat(s).contains("no run information")).anySatisfy(
        s -> assertThat(s).contains("no captured steps")).anySatisfy(
        s -> assertThat(s).contains("no loss values")).anySatisfy(
        s -> assertThat(s).contains("no findings document"));
    for (String section : List.of("findings", "loss", "updates", "tensors", "activations", "units",
        "checks", "probes", "run")) {
      assertThat(doc.select("#" + section + " .missing")).as(section).isNotEmpty();
    }
    assertThat(doc.select("svg")).isEmpty();
  }

  @Test
  void should_render_when_no_steps_were_captured_but_losses_were() throws Exception {
    SyntheticTrace t = new SyntheticTrace().steps(50);
    Trace trace = t.build();
    RunInfo run = trace.run();
    Trace noStep = new Trace(new RunInfo(run.tool(), run.version(), run.main(), null, null, null,
        null, null, null, null, null, null, 50, null, 0, 0, null), trace.losses(), List.of(), null);

    Document doc = render(noStep, t.document(List.of()), ReportOptions.onlySources(List.of()));

    assertThat(doc.select("#verdict .notice li").eachText()).anySatisfy(
        s -> assertThat(s).contains("no step method")).anySatisfy(
        s -> assertThat(s).contains("no loss method"));
    assertThat(doc.select("#loss svg path.ln")).hasSize(1);
    assertThat(doc.selectFirst("#findings .missing").text()).contains("No rule found anything");
    assertThat(doc.select("#run dd.missing").eachText()).contains("unknown");
  }

  @Test
  void should_mark_non_finite_values_when_everything_is_nan() throws Exception {
    SyntheticTrace t = new SyntheticTrace().nanEverywhere();

    Document doc = render(t.build(), t.findingsForEveryRule(), ReportOptions.onlySources(List.of()));

    assertThat(doc.select("#verdict .notice li").eachText())
        .anySatisfy(s -> assertThat(s).contains("every recorded loss is NaN"));
    assertThat(doc.select("#loss path.bad")).isNotEmpty();
    assertThat(doc.selectFirst("#loss .caption").text()).contains("200 NaN or infinite");
    assertThat(doc.select("#tensors path.bad")).isNotEmpty();
    assertThat(doc.select("#run li").eachText()).anySatisfy(
        s -> assertThat(s).contains("12 NaN, 3 Inf", "Net.java:31"));
  }

  @Test
  void should_stay_under_two_megabytes_when_the_run_is_a_large_mlp() throws Exception {
    SyntheticTrace t = new SyntheticTrace().layers(784, 300, 75, 10)
        .steps(12_000, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 12000);
    Trace trace = t.build();

    String html = HtmlReport.render(trace, t.findingsForEveryRule(),
        ReportOptions.onlySources(List.of()));

    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    System.out.println("large MLP report: " + bytes + " bytes");
    assertThat(bytes).isLessThan(2 * 1024 * 1024);
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("#units svg")).hasSize(3);
    assertThat(doc.select("#units svg").first().select("rect").size())
        .isLessThanOrEqualTo(48 * 15);
    assertThat(doc.selectFirst("#loss path.ln").attr("d").split("L").length).isLessThan(400);
  }

  @Test
  void should_replace_a_report_file_atomically(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("out/report.html");

    Path written = HtmlReport.write(synthetic.build(), synthetic.findingsForEveryRule(),
        ReportOptions.onlySources(List.of()), target);

    assertThat(written).isEqualTo(target.toAbsolutePath());
    assertThat(Files.readString(written)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(Files.list(dir.resolve("out"))).containsExactly(written);
  }

  @Test
  void should_need_no_network_when_the_page_is_opened() throws Exception {
    String html = HtmlReport.render(synthetic.build(), synthetic.findingsForEveryRule(),
        ReportOptions.onlySources(List.of()));
    Document doc = Jsoup.parse(html);

    assertThat(doc.select("script, link[rel=stylesheet], img, iframe, object")).isEmpty();
    assertThat(doc.select("[src]")).isEmpty();
    assertThat(html).doesNotContain("http://", "https://", "@import", "url(");
  }
}
