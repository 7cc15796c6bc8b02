package dev.backprobe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on traces shaped like each seed's ground truth (DESIGN.md). */
class SeedTracesTest {

  private final RulesEngine engine = new RulesEngine();

  private static List<String> rules(List<Finding> findings) {
    return findings.stream().map(Finding::rule).distinct().toList();
  }

  private static List<String> subjects(List<Finding> findings, String rule) {
    return findings.stream().filter(f -> f.rule().equals(rule)).map(Finding::subject).toList();
  }

  @Test
  void should_diagnose_seed_000_as_a_climbing_update_with_divergence_and_saturation() {
    List<Finding> findings = engine.evaluate(SeedTraces.seed000());

    assertThat(rules(findings)).containsExactly("gradient-sign", "saturation", "loss-divergence");
    assertThat(subjects(findings, "gradient-sign")).containsExactly("pkg.Net.w1", "pkg.Net.w2");
    assertThat(findings.get(0).message()).isEqualTo(
        "the update of w1 climbs the loss: cos(Δw1, −∇L) = −1.00");
    assertThat(findings.get(findings.size() - 1).message()).endsWith("and reaches 18 at step 100");
  }

  @Test
  void should_diagnose_seed_001_as_exploding_weights_then_saturation() {
    List<Finding> findings = engine.evaluate(SeedTraces.seed001());

    assertThat(rules(findings)).containsExactly("exploding-weights", "saturation");
    assertThat(findings.get(0).evidence()).containsEntry("updateRatio", 40.0);
    assertThat(findings).noneMatch(f -> f.severity() == Severity.ERROR);
  }

  @Test
  void should_diagnose_seed_002_as_a_wrong_derivative_then_a_climbing_hidden_update() {
    List<Finding> findings = engine.evaluate(SeedTraces.seed002());

    assertThat(rules(findings)).containsExactly("derivative-mismatch", "gradient-sign");
    assertThat(findings.get(0).subject()).isEqualTo("pkg.Net#dersgm");
    assertThat(findings.get(0).location().line()).isEqualTo(14);
    assertThat(findings.get(0).message()).contains("−σ'(x)", "called on the activation's output");
    assertThat(subjects(findings, "gradient-sign")).containsExactly("pkg.Net.w1");
    assertThat(findings.get(1).message()).endsWith("= −0.50");
  }

  @Test
  void should_diagnose_seed_003_as_output_activation_and_tiny_update_without_noise_mismatches() {
    List<Finding> findings = engine.evaluate(SeedTraces.seed003());

    assertThat(rules(findings)).containsExactly("output-activation", "tiny-update");
    assertThat(findings.get(0).subject()).isEqualTo("pkg.Net#forward:out");
    assertThat(findings.get(1).evidence()).containsEntry("largestUpdateRatio", 1e-7);
  }

  @Test
  void should_diagnose_seed_004_as_softmax_shape_and_gradient_mismatch() {
    List<Finding> findings = engine.evaluate(SeedTraces.seed004());

    assertThat(rules(findings)).containsExactly("softmax-shape", "gradient-mismatch");
    assertThat(findings.get(0).message()).contains("sum to 0.0", "whole 30×10 matrix sums to 1.00");
    assertThat((Double) findings.get(0).evidence().get("rowSumMax")).isBetween(0.02, 0.05);
    assertThat(subjects(findings, "gradient-mismatch"))
        .containsExactlyInAnyOrder("pkg.Net.weights", "pkg.Net.bias");
  }

  @Test
  void should_name_a_known_threshold_in_every_seed_finding() {
    List<String> names = Thresholds.all().stream().map(Threshold::toString).toList();
    for (var trace : List.of(SeedTraces.seed000(), SeedTraces.seed001(), SeedTraces.seed002(),
        SeedTraces.seed003(), SeedTraces.seed004())) {
      for (Finding finding : engine.evaluate(trace)) {
        String threshold = (String) finding.evidence().get("threshold");
        assertThat(threshold).as(finding.rule()).satisfiesAnyOf(
            t -> assertThat(names).contains(t),
            t -> assertThat(t).contains("verdict").doesNotStartWith("Thresholds."));
      }
    }
  }
}
