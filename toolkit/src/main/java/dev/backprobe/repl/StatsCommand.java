package dev.backprobe.repl;

import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.TensorTrace;
import java.util.List;
import java.util.Locale;

/** {@code stats NAME}: every statistic recorded for a tensor at the current step. */
final class StatsCommand extends AbstractCommand {

  StatsCommand() {
    super("stats", "every statistic of a tensor", "stats NAME", Argument.TENSOR);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    TensorTrace t = context.tensor(required(args, 0));
    context.println(t.name() + " at step " + context.current().step());
    line(context, "role", t.role() == null ? "?" : t.role().name().toLowerCase(Locale.ROOT));
    line(context, "kind", t.kind() == null ? "-" : t.kind());
    line(context, "shape", TensorsCommand.shape(t.shape()) + (t.storage() == null ? "" : " (" + t.storage() + ")"));
    if (t.location() != null) {
      line(context, "where", t.location().shortForm());
    }
    TensorStats s = t.stats();
    if (s == null) {
      context.println("no statistics were recorded");
      return Outcome.STAY;
    }
    describe(context, s);
    if (t.updateRatio() != null) {
      line(context, "update/weight", Text.num(t.updateRatio()));
    }
    return Outcome.STAY;
  }

  static void describe(ReplContext context, TensorStats s) {
    line(context, "count", String.valueOf(s.count()));
    line(context, "mean ± std", Text.num(s.mean()) + " ± " + Text.num(s.std()));
    line(context, "min … max", Text.num(s.min()) + " … " + Text.num(s.max()));
    line(context, "l2 norm", Text.num(s.l2Norm()));
    line(context, "NaN / ∞", s.nanCount() + " / " + s.infCount());
    line(context, "zero", Text.percent(s.zeroShare()));
    line(context, "negative", Text.percent(s.negativeShare()));
    line(
        context,
        "near 0 / 1 / −1",
        Text.percent(s.nearZeroShare())
            + " / "
            + Text.percent(s.nearOneShare())
            + " / "
            + Text.percent(s.nearMinusOneShare())
            + " (within "
            + Text.num(TensorStats.ASYMPTOTE_TOLERANCE)
            + ")");
  }

  static void line(ReplContext context, String label, String value) {
    context.println("  " + Text.pad(label, 16) + value, 20);
  }
}
