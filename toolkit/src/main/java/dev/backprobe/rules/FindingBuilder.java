package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;

/** Assembles a {@link Finding}; evidence keeps the order it was given in. */
final class FindingBuilder {
  private final RuleId rule;
  private Severity severity;
  private Integer step;
  private String subject;
  private SourceLocation location;
  private String message;
  private String hint;
  private final Map<String, Object> evidence = new LinkedHashMap<>();

  private FindingBuilder(RuleId rule, Severity severity) {
    this.rule = rule;
    this.severity = severity;
  }

  static FindingBuilder of(RuleId rule, Severity severity) {
    return new FindingBuilder(rule, severity);
  }

  FindingBuilder severity(Severity value) {
    this.severity = value;
    return this;
  }

  FindingBuilder step(Integer value) {
    this.step = value;
    return this;
  }

  FindingBuilder subject(String value) {
    this.subject = value;
    return this;
  }

  FindingBuilder location(SourceLocation value) {
    this.location = value;
    return this;
  }

  FindingBuilder message(String value) {
    this.message = value;
    return this;
  }

  FindingBuilder hint(String value) {
    this.hint = value;
    return this;
  }

  /** Adds one piece of evidence; null values are left out. */
  FindingBuilder evidence(String key, Object value) {
    if (value != null) {
      evidence.put(key, value);
    }
    return this;
  }

  /** Names the threshold that was crossed: {@code "threshold": "Thresholds.X = v"}. */
  FindingBuilder threshold(Threshold threshold) {
    evidence.put("threshold", threshold.toString());
    return this;
  }

  /** Names a criterion that is not one of ours (another component's verdict). */
  FindingBuilder threshold(String criterion) {
    evidence.put("threshold", criterion);
    return this;
  }

  Finding build() {
    return new Finding(
        rule.id(), severity, step, subject, location, message, hint, new LinkedHashMap<>(evidence));
  }
}
