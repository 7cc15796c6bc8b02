package dev.backprobe.repl;

import dev.backprobe.trace.TensorTrace;
import java.util.List;

/** {@code show NAME [ROWS COLS]}: the kept values of a small tensor as an aligned matrix. */
final class ShowCommand extends AbstractCommand {

  static final int DEFAULT_ROWS = 10;
  private static final int CELL = 11;
  private static final int LABEL = 6;
  /** As many cells as fit 80 columns after the row label. */
  static final int MAX_COLUMNS = (Text.WIDTH - LABEL) / CELL;

  ShowCommand() {
    super(
        "show",
        "print a tensor's values as a matrix",
        "show NAME [ROWS COLS]  (default " + DEFAULT_ROWS + " rows, " + MAX_COLUMNS + " columns)",
        Argument.TENSOR);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    TensorTrace t = context.tensor(required(args, 0));
    int wantRows = args.size() > 1 ? integer(args.get(1)) : DEFAULT_ROWS;
    int wantCols = args.size() > 2 ? integer(args.get(2)) : MAX_COLUMNS;
    if (wantRows < 1 || wantCols < 1) {
      throw new CommandException("ROWS and COLS must be at least 1");
    }
    double[] values = t.values();
    if (values == null) {
      throw new CommandException(
          t.name()
              + " ("
              + TensorsCommand.shape(t.shape())
              + ") was too large for its values to be kept; `stats`, `hist` and `units` show"
              + " what was recorded");
    }
    int[] shape = t.shape();
    int rows = shape.length >= 2 ? shape[0] : 1;
    int cols = shape.length >= 2 ? values.length / Math.max(1, rows) : values.length;
    int showRows = Math.min(rows, wantRows);
    int showCols = Math.min(cols, Math.min(wantCols, MAX_COLUMNS));
    context.println(t.name() + " " + TensorsCommand.shape(shape) + " at step " + context.current().step());
    StringBuilder header = new StringBuilder(" ".repeat(LABEL));
    for (int j = 0; j < showCols; j++) {
      header.append(Text.padLeft("[," + j + "]", CELL));
    }
    context.println(header.toString());
    for (int i = 0; i < showRows; i++) {
      StringBuilder line = new StringBuilder(Text.pad("[" + i + ",]", LABEL));
      for (int j = 0; j < showCols; j++) {
        line.append(Text.padLeft(Text.num(values[i * cols + j]), CELL));
      }
      context.println(line.toString());
    }
    if (showRows < rows || showCols < cols) {
      String note = "(showing " + showRows + " of " + rows + " rows, " + showCols + " of " + cols + " columns";
      if (wantCols > MAX_COLUMNS && cols > MAX_COLUMNS) {
        note += "; at most " + MAX_COLUMNS + " columns fit 80 columns";
      }
      context.println(note + ")");
    }
    return Outcome.STAY;
  }
}
