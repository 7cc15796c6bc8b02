package dev.backprobe.repl;

import dev.backprobe.trace.StepTrace;
import java.util.ArrayList;
import java.util.List;

/** {@code at [N]}: look at another captured step (or list them). */
final class AtCommand extends AbstractCommand {

  AtCommand() {
    super("at", "look at captured step N (no N: list them)", "at [N]", Argument.NONE);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    if (!args.isEmpty()) {
      context.select(integer(args.get(0)));
    }
    List<String> steps = new ArrayList<>();
    for (StepTrace s : context.steps()) {
      steps.add(String.valueOf(s.step()));
    }
    context.println("looking at step " + context.current().step() + "; captured: " + String.join(", ", steps));
    return Outcome.STAY;
  }
}
