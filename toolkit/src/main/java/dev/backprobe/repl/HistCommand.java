package dev.backprobe.repl;

import dev.backprobe.tensor.Histogram;
import dev.backprobe.trace.TensorTrace;
import java.util.List;

/** {@code hist NAME}: the recorded histogram of a tensor as text bars. */
final class HistCommand extends AbstractCommand {

  private static final int BAR = 40;

  HistCommand() {
    super("hist", "text histogram of a tensor's values", "hist NAME", Argument.TENSOR);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    TensorTrace t = context.tensor(required(args, 0));
    Histogram h = t.stats() == null ? null : t.stats().histogram();
    if (h == null || h.counts() == null || h.counts().length == 0) {
      throw new CommandException("no histogram was recorded for " + t.name());
    }
    long max = 0;
    long total = 0;
    for (long c : h.counts()) {
      max = Math.max(max, c);
      total += c;
    }
    context.println(t.name() + ": " + total + " finite values at step " + context.current().step());
    for (int i = 0; i < h.bins(); i++) {
      double low = h.low() + i * h.binWidth();
      double high = low + h.binWidth();
      String range = "[" + Text.num(low) + ", " + Text.num(high) + (i == h.bins() - 1 ? "]" : ")");
      context.println(
          Text.pad(range, 24) + Text.padLeft(String.valueOf(h.counts()[i]), 9) + " "
              + Text.bar(h.counts()[i], max, BAR));
    }
    return Outcome.STAY;
  }
}
