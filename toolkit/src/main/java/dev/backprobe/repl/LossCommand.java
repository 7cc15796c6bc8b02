package dev.backprobe.repl;

import dev.backprobe.trace.LossPoint;
import java.util.List;

/** {@code loss}: the loss over the run, summarised and drawn as a one-line chart. */
final class LossCommand extends AbstractCommand {

  private static final String LEVELS = "▁▂▃▄▅▆▇█";
  private static final int CHART = 60;

  LossCommand() {
    super("loss", "the loss over the run: first, best, last, chart", "loss", Argument.NONE);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    List<LossPoint> losses = context.session().trace().losses();
    if (losses == null || losses.isEmpty()) {
      throw new CommandException("no loss was recorded (the loss method was not found)");
    }
    LossPoint first = losses.get(0);
    LossPoint last = losses.get(losses.size() - 1);
    LossPoint best = null;
    LossPoint firstBad = null;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (LossPoint p : losses) {
      if (!Double.isFinite(p.loss())) {
        if (firstBad == null) {
          firstBad = p;
        }
        continue;
      }
      if (best == null || p.loss() < best.loss()) {
        best = p;
      }
      min = Math.min(min, p.loss());
      max = Math.max(max, p.loss());
    }
    context.println(losses.size() + " losses recorded, steps " + first.step() + "…" + last.step());
    StatsCommand.line(context, "first", Text.num(first.loss()) + " (step " + first.step() + ")");
    if (best != null) {
      StatsCommand.line(context, "lowest", Text.num(best.loss()) + " (step " + best.step() + ")");
    }
    StatsCommand.line(context, "last", Text.num(last.loss()) + " (step " + last.step() + ")");
    if (firstBad != null) {
      StatsCommand.line(context, "non-finite", "from step " + firstBad.step() + " (" + Text.num(firstBad.loss()) + ")");
    }
    if (best != null) {
      context.println("  " + Text.pad(Text.num(max), 10) + chart(losses, min, max));
      context.println("  " + Text.pad(Text.num(min), 10) + "(min … max; blank where not finite)");
    }
    return Outcome.STAY;
  }

  /** At most {@link #CHART} points, evenly spaced over the run. */
  private static String chart(List<LossPoint> losses, double min, double max) {
    int n = Math.min(CHART, losses.size());
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < n; k++) {
      int i = n == 1 ? 0 : (int) Math.round((double) k * (losses.size() - 1) / (n - 1));
      double v = losses.get(i).loss();
      if (!Double.isFinite(v)) {
        s.append(' ');
      } else {
        int level = max > min ? (int) Math.round((v - min) / (max - min) * (LEVELS.length() - 1)) : 0;
        s.append(LEVELS.charAt(level));
      }
    }
    return s.toString();
  }
}
