package dev.backprobe.rules;

import static dev.backprobe.trace.TraceBuilder.at;
import static dev.backprobe.trace.TraceBuilder.matrix;
import static dev.backprobe.trace.TraceBuilder.noise;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesEngineTest {

  @Test
  void should_find_nothing_when_training_is_healthy() {
    RulesEngine.Evaluation evaluation = new RulesEngine().run(Nets.healthy());

    assertThat(evaluation.findings()).isEmpty();
    assertThat(evaluation.problems()).isEmpty();
  }

  /** A wrong derivative, a climbing update, saturation and a rising loss, all at once. */
  private static Trace everythingWrong() {
    return TraceBuilder.trace()
        .losses(40, s -> 0.5 + 0.1 * s)
        .steps(new int[] {1, 2, 3}, (step, s) -> s
            .parameter("w1", matrix(2, 3, (i, j) -> noise(i, j, 1)), 1e-2)
            .batch("forward", "a1", TensorRole.ACTIVATION, "sigmoid",
                matrix(8, 3, (i, j) -> noise(i, j, step) > 0 ? 0.9999 : 0.0001), 31)
            .check("w1", CheckVerdict.CLIMBS, -0.9, 1.5, -0.1, CheckMode.COORDINATES, 6))
        .probe(GradientRulesTest.dersgm(DerivativeConvention.OF_INPUT,
            DerivativeVerdict.WRONG_SIGN, DerivativeConvention.OF_OUTPUT))
        .build();
  }

  @Test
  void should_rank_root_causes_first_whatever_order_the_rules_run_in() {
    List<Rule> reversed = new ArrayList<>(RulesEngine.defaultRules());
    Collections.reverse(reversed);

    List<Finding> findings = new RulesEngine(reversed).evaluate(everythingWrong());

    assertThat(findings).extracting(Finding::rule).containsExactly(
        "derivative-mismatch", "gradient-sign", "saturation", "loss-divergence");
  }

  @Test
  void should_keep_one_finding_per_rule_and_subject_at_its_first_step() {
    List<Finding> findings = new RulesEngine(List.of(new GradientSignRule()))
        .evaluate(everythingWrong());

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.evidence()).containsEntry("seenAtSteps", List.of(1, 2, 3));
    @SuppressWarnings("unchecked")
    Map<String, Object> lastSeen = (Map<String, Object>) finding.evidence().get("lastSeen");
    assertThat(lastSeen).containsEntry("step", 3).containsEntry("cos", -0.9);
  }

  @Test
  void should_keep_other_rules_findings_when_one_rule_fails() {
    Rule broken = new Rule() {
      @Override
      public RuleId id() {
        return RuleId.DEAD_RELU;
      }

      @Override
      public RuleDescription description() {
        return DeadReluRule.DESCRIPTION;
      }

      @Override
      public List<Finding> evaluate(Trace trace) {
        throw new IllegalStateException("boom");
      }
    };

    RulesEngine.Evaluation evaluation =
        new RulesEngine(List.of(broken, new GradientSignRule())).run(everythingWrong());

    assertThat(evaluation.findings()).extracting(Finding::rule).containsExactly("gradient-sign");
    assertThat(evaluation.problems()).containsExactly(
        "rule dead-relu failed on this trace: java.lang.IllegalStateException: boom");
  }

  @Test
  void should_survive_a_trace_with_missing_parts() {
    Trace empty = new Trace(null, null, null, null);
    Trace nullLists = new Trace(null, null, List.of(new dev.backprobe.trace.StepTrace(1, null,
        null, null, null, null)), null);

    assertThat(new RulesEngine().run(empty).findings()).isEmpty();
    assertThat(new RulesEngine().run(empty).problems()).isEmpty();
    assertThat(new RulesEngine().run(nullLists).problems()).isEmpty();
  }

  @Test
  void should_have_one_rule_and_one_description_per_rule_id_in_explanation_order() {
    List<Rule> rules = RulesEngine.defaultRules();

    assertThat(rules).extracting(Rule::id).containsExactlyElementsOf(ExplanationOrder.ORDER);
    assertThat(ExplanationOrder.ORDER).containsExactlyInAnyOrder(RuleId.values());
    for (Rule rule : rules) {
      RuleDescription description = rule.description();
      assertThat(description.rule()).isEqualTo(rule.id());
      assertThat(description.summary()).isNotBlank();
      assertThat(description.seenBy()).isNotBlank();
      assertThat(description.causes()).isNotEmpty();
      assertThat(description.fix()).isNotBlank();
      assertThat(RulesEngine.describe(rule.id())).isSameAs(description);
    }
  }

  @Test
  void should_document_every_threshold_with_its_own_name_and_a_source() throws Exception {
    List<Threshold> all = Thresholds.all();
    List<Field> fields = Arrays.stream(Thresholds.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Threshold.class)
        .toList();

    assertThat(all).hasSameSizeAs(fields);
    for (Field field : fields) {
      Threshold threshold = (Threshold) field.get(null);
      assertThat(all).contains(threshold);
      assertThat(threshold.name()).isEqualTo(field.getName());
      assertThat(threshold.source()).hasSizeGreaterThan(20);
    }
    assertThat(Thresholds.UPDATE_RATIO_TINY).hasToString("Thresholds.UPDATE_RATIO_TINY = 1e-6");
    assertThat(Thresholds.GRADIENT_COSINE).hasToString("Thresholds.GRADIENT_COSINE = 0.9998");
    assertThat(Thresholds.HUGE_WEIGHT).hasToString("Thresholds.HUGE_WEIGHT = 1e6");
  }

  @Test
  void should_derive_the_cosine_threshold_from_the_relative_error_one() {
    double err = Thresholds.GRADIENT_RELATIVE_ERROR.value();
    assertThat(Thresholds.GRADIENT_COSINE.value())
        .isCloseTo(1 - 2 * err * err, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(at("x", 1).line()).isEqualTo(1);
  }
}
