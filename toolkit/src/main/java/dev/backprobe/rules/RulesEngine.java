package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the rules over a trace and returns their findings de-duplicated (one per rule and subject,
 * at its first step, with later steps summarised in its evidence) and ranked in {@link
 * ExplanationOrder}, root causes first.
 */
public final class RulesEngine {

  private final List<Rule> rules;

  /** An engine with all twelve rules. */
  public RulesEngine() {
    this(defaultRules());
  }

  /** An engine with the given rules. */
  public RulesEngine(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** One instance of every rule, in explanation order. */
  public static List<Rule> defaultRules() {
    return List.of(
        new DerivativeMismatchRule(),
        new SoftmaxShapeRule(),
        new GradientSignRule(),
        new GradientMismatchRule(),
        new OutputActivationRule(),
        new ExplodingWeightsRule(),
        new NanInfRule(),
        new SaturationRule(),
        new DeadReluRule(),
        new VanishingGradientRule(),
        new TinyUpdateRule(),
        new LossDivergenceRule());
  }

  /** The description of every rule, by id (for the REPL's {@code explain} and the report). */
  public static Map<RuleId, RuleDescription> descriptions() {
    Map<RuleId, RuleDescription> descriptions = new EnumMap<>(RuleId.class);
    defaultRules().forEach(rule -> descriptions.put(rule.id(), rule.description()));
    return descriptions;
  }

  /** The description of one rule. */
  public static RuleDescription describe(RuleId rule) {
    return descriptions().get(rule);
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The ranked, de-duplicated findings of every rule on the trace. */
  public List<Finding> evaluate(Trace trace) {
    return run(trace).findings();
  }

  /**
   * The ranked, de-duplicated findings, and the rules that failed on this trace. A rule that
   * throws on data it did not expect costs only its own findings; the failure is kept as one
   * sentence in {@link Evaluation#problems()} for the report.
   */
  public Evaluation run(Trace trace) {
    Objects.requireNonNull(trace, "trace");
    List<Finding> raw = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Rule rule : rules) {
      try {
        raw.addAll(rule.evaluate(trace));
      } catch (RuntimeException e) {
        problems.add("rule " + rule.id().id() + " failed on this trace: " + e);
      }
    }
    List<Finding> merged = deduplicate(raw);
    merged.sort(ExplanationOrder.comparator());
    return new Evaluation(List.copyOf(merged), List.copyOf(problems));
  }

  /**
   * What a run of the engine produced.
   *
   * @param findings ranked, root causes first
   * @param problems rules that failed on the trace, one sentence each (normally empty)
   */
  public record Evaluation(List<Finding> findings, List<String> problems) {}

  /**
   * One finding per rule and subject: the one at the first step, with {@code seenAtSteps} (every
   * step it was seen at) and {@code lastSeen} (the last occurrence's step and numeric evidence)
   * added when it was seen more than once.
   */
  static List<Finding> deduplicate(List<Finding> findings) {
    Map<List<String>, List<Finding>> groups = new LinkedHashMap<>();
    for (Finding finding : findings) {
      groups.computeIfAbsent(java.util.Arrays.asList(finding.rule(), finding.subject()),
          k -> new ArrayList<>()).add(finding);
    }
    List<Finding> merged = new ArrayList<>();
    for (List<Finding> group : groups.values()) {
      group.sort(java.util.Comparator.comparingInt(
          (Finding f) -> f.step() == null ? Integer.MAX_VALUE : f.step()));
      merged.add(group.size() == 1 ? group.get(0) : summarise(group));
    }
    return merged;
  }

  private static Finding summarise(List<Finding> group) {
    Finding first = group.get(0);
    Finding last = group.get(group.size() - 1);
    Map<String, Object> evidence =
        first.evidence() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(first.evidence());
    evidence.put("seenAtSteps", group.stream().map(Finding::step).filter(Objects::nonNull)
        .distinct().toList());
    Map<String, Object> lastSeen = new LinkedHashMap<>();
    lastSeen.put("step", last.step());
    if (last.evidence() != null) {
      last.evidence().forEach((key, value) -> {
        if (value instanceof Number) {
          lastSeen.put(key, value);
        }
      });
    }
    evidence.put("lastSeen", lastSeen);
    return new Finding(first.rule(), first.severity(), first.step(), first.subject(),
        first.location(), first.message(), first.hint(), evidence);
  }
}
