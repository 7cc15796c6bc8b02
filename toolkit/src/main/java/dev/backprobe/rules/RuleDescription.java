package dev.backprobe.rules;

import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import java.util.List;

/**
 * What a rule means, in words a user can act on: the text the REPL's {@code explain} command, the
 * report and {@code docs/rules.md} show.
 *
 * @param rule the rule
 * @param severity its usual severity (some rules lower or raise it per finding; see {@link #note})
 * @param summary what it means, one sentence
 * @param seenBy how Backprobe sees it, one or two sentences
 * @param causes what usually causes it
 * @param fix what usually fixes it
 * @param thresholds the thresholds it uses
 * @param note anything else worth knowing (severity exceptions, what it ignores), or empty
 */
public record RuleDescription(
    RuleId rule,
    Severity severity,
    String summary,
    String seenBy,
    List<String> causes,
    String fix,
    List<Threshold> thresholds,
    String note) {}
