package dev.backprobe.repl;

import dev.backprobe.findings.Finding;
import java.util.List;

/** {@code findings}: the ranked findings, numbered for {@code explain N}. */
final class FindingsCommand extends AbstractCommand {

  FindingsCommand() {
    super("findings", "the ranked findings, root causes first", "findings", Argument.NONE);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    List<Finding> findings = context.session().findings();
    if (findings.isEmpty()) {
      context.println("no findings");
      return Outcome.STAY;
    }
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      String where = f.location() == null ? "" : ", " + f.location().shortForm();
      String step = f.step() == null ? "" : " step " + f.step();
      context.println(
          (i + 1) + ". " + (f.severity() == null ? "?" : f.severity().id()) + " " + f.rule()
              + step + " — " + f.subject() + where, 4);
      context.println("    " + f.message(), 4);
    }
    context.println("(`explain N` tells what a finding means)");
    return Outcome.STAY;
  }
}
