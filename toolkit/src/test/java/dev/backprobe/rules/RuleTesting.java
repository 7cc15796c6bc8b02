package dev.backprobe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.trace.Trace;
import java.util.List;

/** Runs one rule through the engine (so that findings are de-duplicated as users see them). */
final class RuleTesting {

  private RuleTesting() {}

  static List<Finding> findings(Rule rule, Trace trace) {
    RulesEngine.Evaluation evaluation = new RulesEngine(List.of(rule)).run(trace);
    assertThat(evaluation.problems()).isEmpty();
    return evaluation.findings();
  }

  static Finding only(Rule rule, Trace trace) {
    List<Finding> findings = findings(rule, trace);
    assertThat(findings).as("findings of %s", rule.id().id()).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.rule()).isEqualTo(rule.id().id());
    assertThat(finding.message()).isNotBlank();
    assertThat(finding.hint()).isNotBlank();
    assertThat(finding.evidence()).containsKey("threshold");
    return finding;
  }

  static void silentOnHealthy(Rule rule) {
    assertThat(findings(rule, Nets.healthy())).isEmpty();
  }
}
