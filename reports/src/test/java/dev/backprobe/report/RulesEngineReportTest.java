package dev.backprobe.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.trace.Trace;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The report over findings the real rules engine produced, not hand-made ones. */
class RulesEngineReportTest {

  @Test
  void should_show_every_finding_the_rules_engine_reports_for_a_synthetic_trace() {
    SyntheticTrace t = new SyntheticTrace();
    Trace trace = t.build();
    List<Finding> findings = new RulesEngine().evaluate(trace);

    Document doc = Jsoup.parse(HtmlReport.render(trace, t.document(findings),
        ReportOptions.onlySources(List.of())));

    assertThat(findings).as("the synthetic trace has climbing checks and saturation").isNotEmpty();
    assertThat(doc.select("#findings article")).hasSize(findings.size());
    for (int i = 0; i < findings.size(); i++) {
      Element article = doc.getElementById("f" + (i + 1));
      assertThat(article.selectFirst("code.rule").text()).isEqualTo(findings.get(i).rule());
      assertThat(article.selectFirst(".rule-title").text()).isNotBlank();
      if (findings.get(i).location() != null) {
        assertThat(article.selectFirst("code.loc").text())
            .isEqualTo(findings.get(i).location().shortForm());
      }
    }
  }
}
