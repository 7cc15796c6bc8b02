package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.trace.Trace;
import java.util.List;

/**
 * One diagnosis over a {@link Trace}. A rule may report the same subject at several steps; the
 * {@link RulesEngine} keeps the first and summarises the others, and ranks all findings.
 */
public interface Rule {

  /** The stable id its findings carry. */
  RuleId id();

  /** What it means, how it is seen, its thresholds, causes and fix. */
  RuleDescription description();

  /**
   * The findings this rule makes on a trace. Must not throw on odd data (missing lists, NaN
   * statistics, tensors of unexpected shape): such data simply yields no finding.
   */
  List<Finding> evaluate(Trace trace);
}
