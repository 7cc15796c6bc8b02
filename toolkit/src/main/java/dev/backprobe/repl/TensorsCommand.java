package dev.backprobe.repl;

import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorTrace;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code tensors}: one line per tensor of the current step with its key statistics. */
final class TensorsCommand extends AbstractCommand {

  /** The widest number {@link Text#num} writes: {@code -1.234e-04}. */
  private static final int NUMBER = 10;

  TensorsCommand() {
    super("tensors", "list tensors: name, role, kind, shape, key stats", "tensors", Argument.NONE);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    StepTrace step = context.current();
    List<TensorTrace> tensors = step.tensors() == null ? List.of() : step.tensors();
    context.println("step " + step.step() + ": " + tensors.size() + " tensors");
    context.println(row("name", "role", "kind", "shape", "mean", "std", "NaN/∞"));
    for (TensorTrace t : tensors) {
      TensorStats s = t.stats();
      context.println(
          row(
              Text.fitEnd(t.name(), 20),
              t.role() == null ? "?" : t.role().name().toLowerCase(Locale.ROOT).replace('_', '-'),
              t.kind() == null ? "-" : t.kind(),
              shape(t.shape()),
              s == null ? "-" : Text.num(s.mean()),
              s == null ? "-" : Text.num(s.std()),
              s == null ? "-" : String.valueOf(s.nanCount() + s.infCount())));
    }
    return Outcome.STAY;
  }

  private static String row(String... cells) {
    // 79 columns; every number column keeps a space before it even at its widest (-1.234e-04)
    return Text.pad(cells[0], 21)
        + Text.pad(Text.fitEnd(cells[1], 12), 13)
        + Text.pad(Text.fitEnd(cells[2], 8), 9)
        + Text.pad(Text.fitEnd(cells[3], 8), 9)
        + " " + Text.padLeft(cells[4], NUMBER)
        + " " + Text.padLeft(cells[5], NUMBER)
        + Text.padLeft(cells[6], 6);
  }

  static String shape(int[] shape) {
    if (shape == null) {
      return "?";
    }
    return Arrays.stream(shape).mapToObj(String::valueOf).collect(Collectors.joining("×"));
  }
}
