package dev.backprobe.repl;

import dev.backprobe.rules.Thresholds;
import dev.backprobe.tensor.UnitActivity;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.List;

/** {@code units NAME}: which units of a batch of activations are dead or saturated. */
final class UnitsCommand extends AbstractCommand {

  private static final int STRIP = 60;
  private static final int LISTED = 12;

  UnitsCommand() {
    super("units", "per-unit dead/saturated summary of activations", "units NAME", Argument.TENSOR);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    TensorTrace t = context.tensor(required(args, 0));
    UnitActivity units = t.units();
    if (units == null) {
      throw new CommandException(
          t.name() + " has no per-unit activity: it is recorded for batches of activations only");
    }
    double saturatedShare = Thresholds.SATURATED_SHARE.value();
    List<Integer> dead = new ArrayList<>();
    List<Integer> saturated = new ArrayList<>();
    StringBuilder strip = new StringBuilder();
    for (int u = 0; u < units.units(); u++) {
      boolean isDead = units.activeShare()[u] == 0;
      boolean isSaturated = units.saturatedShare()[u] >= saturatedShare;
      if (isDead) {
        dead.add(u);
      } else if (isSaturated) {
        saturated.add(u);
      }
      strip.append(isDead ? 'D' : isSaturated ? 'S' : '.');
    }
    context.println(
        t.name() + ": " + units.units() + " units" + (t.kind() == null ? "" : " (" + t.kind() + ")")
            + " at step " + context.current().step());
    context.println("dead (0 for every example): " + dead.size() + list(dead), 2);
    context.println(
        "saturated (≥ " + Text.percent(saturatedShare) + " of examples within "
            + Text.num(Thresholds.ASYMPTOTE_TOLERANCE.value()) + " of an asymptote): "
            + saturated.size() + list(saturated), 2);
    for (int i = 0; i < strip.length(); i += STRIP) {
      context.println(
          Text.padLeft(String.valueOf(i), 5) + " " + strip.substring(i, Math.min(strip.length(), i + STRIP)));
    }
    context.println("(D dead, S saturated, . healthy)");
    return Outcome.STAY;
  }

  private static String list(List<Integer> units) {
    if (units.isEmpty()) {
      return "";
    }
    List<String> shown = new ArrayList<>();
    units.stream().limit(LISTED).forEach(u -> shown.add(String.valueOf(u)));
    return " — units " + String.join(", ", shown) + (units.size() > LISTED ? ", …" : "");
  }
}
