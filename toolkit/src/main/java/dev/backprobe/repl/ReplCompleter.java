package dev.backprobe.repl;

import dev.backprobe.findings.RuleId;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes command names in first position and, after a command, what its argument names:
 * tensors (full and short names), probed methods, rule ids and finding numbers, or commands. It
 * returns every candidate and lets the reader filter, as JLine expects.
 */
final class ReplCompleter implements Completer {

  private final ReplContext context;

  ReplCompleter(ReplContext context) {
    this.context = context;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    if (line.wordIndex() == 0) {
      context.commands().values().forEach(c -> candidates.add(candidate(c.name(), c.summary())));
      return;
    }
    Command command = context.commands().get(line.words().get(0));
    if (command == null || line.wordIndex() != 1) {
      return;
    }
    switch (command.argument()) {
      case TENSOR:
        for (String name : context.tensorNames()) {
          candidates.add(candidate(name, null));
          candidates.add(candidate(Names.shortName(name), name));
        }
        break;
      case METHOD:
        context.probes().forEach(p -> {
          candidates.add(candidate(p.method(), null));
          candidates.add(candidate(Names.shortName(p.method()), p.method()));
        });
        break;
      case RULE:
        for (RuleId rule : RuleId.values()) {
          candidates.add(candidate(rule.id(), null));
        }
        for (int i = 1; i <= context.session().findings().size(); i++) {
          candidates.add(candidate(String.valueOf(i), context.session().findings().get(i - 1).rule()));
        }
        break;
      case COMMAND:
        context.commands().keySet().forEach(n -> candidates.add(candidate(n, null)));
        break;
      default:
        break;
    }
  }

  private static Candidate candidate(String value, String description) {
    return new Candidate(value, value, null, description, null, null, true);
  }
}
