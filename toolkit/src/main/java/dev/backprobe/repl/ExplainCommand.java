package dev.backprobe.repl;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.rules.RuleDescription;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.rules.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code explain RULE|N}: what a rule or a finding means and what usually causes it. */
final class ExplainCommand extends AbstractCommand {

  ExplainCommand() {
    super("explain", "what a rule or finding N means, and its causes", "explain RULE|N", Argument.RULE);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    String what = required(args, 0);
    if (what.chars().allMatch(Character::isDigit)) {
      Finding finding = finding(context, integer(what));
      explainFinding(context, finding);
      RuleId rule = RuleId.fromId(finding.rule());
      if (rule != null) {
        context.println();
        describe(context, RulesEngine.describe(rule));
      }
      return Outcome.STAY;
    }
    RuleId rule = RuleId.fromId(what);
    if (rule == null) {
      List<String> ids = new ArrayList<>();
      for (RuleId r : RuleId.values()) {
        ids.add(r.id());
      }
      throw new CommandException(
          "no rule named " + what + "; closest: " + Text.closest(what, ids) + " (or a finding number)");
    }
    describe(context, RulesEngine.describe(rule));
    return Outcome.STAY;
  }

  private static Finding finding(ReplContext context, int n) {
    List<Finding> findings = context.session().findings();
    if (n < 1 || n > findings.size()) {
      throw new CommandException(
          "there is no finding " + n + "; there are " + findings.size() + " (see `findings`)");
    }
    return findings.get(n - 1);
  }

  private static void explainFinding(ReplContext context, Finding f) {
    context.println(f.rule() + " on " + f.subject() + (f.step() == null ? "" : " at step " + f.step()));
    if (f.location() != null) {
      context.println("  at " + f.location().shortForm(), 4);
    }
    context.println("  " + f.message(), 4);
    if (f.hint() != null) {
      context.println("  hint: " + f.hint(), 4);
    }
    if (f.evidence() != null && !f.evidence().isEmpty()) {
      context.println("  evidence:");
      for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
        Object v = e.getValue();
        String value = v instanceof Double ? Text.num((Double) v) : String.valueOf(v);
        context.println("    " + e.getKey() + " = " + value, 6);
      }
    }
  }

  private static void describe(ReplContext context, RuleDescription d) {
    context.println(d.rule().id() + " (" + d.severity().id() + "): " + d.summary(), 2);
    context.println("seen by: " + d.seenBy(), 2);
    if (d.causes() != null && !d.causes().isEmpty()) {
      context.println("usual causes:");
      d.causes().forEach(c -> context.println("  - " + c, 4));
    }
    context.println("fix: " + d.fix(), 2);
    if (d.thresholds() != null) {
      for (Threshold t : d.thresholds()) {
        context.println("  " + t + " — " + t.source(), 4);
      }
    }
    if (d.note() != null && !d.note().isEmpty()) {
      context.println("note: " + d.note(), 2);
    }
  }
}
