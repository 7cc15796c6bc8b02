package dev.backprobe.repl;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commands that drive a trainer through the {@link Session}: {@code gradcheck}, {@code step},
 * {@code continue}, {@code report}, {@code quit}. Over a saved trace the session refuses all but
 * {@code quit} with its reason.
 */
final class LiveCommands {

  private LiveCommands() {}

  static List<Command> all() {
    return List.of(new Gradcheck(), new Step(), new Continue(), new Report(), new Quit());
  }

  static final class Gradcheck extends AbstractCommand {
    private static final int BAR = 40;

    Gradcheck() {
      super("gradcheck", "check parameters against a numeric gradient now",
          "gradcheck [NAME] [--full]", Argument.TENSOR);
    }

    @Override
    public Outcome run(List<String> args, ReplContext context) {
      boolean full = args.contains("--full");
      List<String> names = new ArrayList<>(args);
      names.remove("--full");
      String tensor = names.isEmpty() ? null : Names.resolve(names.get(0), context.tensorNames(), "tensor");
      List<GradientCheck> checks =
          context.session().gradcheck(tensor, full, (done, total) -> progress(context, done, total));
      context.println(Text.pad("tensor", 24) + Text.pad("verdict", 18) + Text.padLeft("cos", 10)
          + Text.padLeft("rel.err", 10) + Text.padLeft("evals", 8));
      for (GradientCheck c : checks) {
        context.println(Text.pad(Text.fitEnd(c.tensor(), 23), 24)
            + Text.pad(c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '), 18)
            + Text.padLeft(Text.num(c.cosine()), 10) + Text.padLeft(Text.num(c.relativeError()), 10)
            + Text.padLeft(String.valueOf(c.lossEvaluations()), 8));
      }
      return Outcome.STAY;
    }

    private static void progress(ReplContext context, long done, long total) {
      int filled = total <= 0 ? BAR : (int) (BAR * done / total);
      context.print("\r[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + done + "/" + total);
      if (done >= total) {
        context.println();
      }
    }
  }

  static final class Step extends AbstractCommand {
    Step() {
      super("step", "run one more training step and pause again", "step", Argument.NONE);
    }

    @Override
    public Outcome run(List<String> args, ReplContext context) {
      StepTrace step = context.session().step();
      context.selectLast();
      context.println("paused after step " + step.step()
          + (step.loss() == null ? "" : ", loss " + Text.num(step.loss())));
      if (step.tensors() != null) {
        for (TensorTrace t : step.tensors()) {
          if (t.updateRatio() != null) {
            context.println("  " + Text.pad(Text.fitEnd(t.name(), 30), 31) + "‖Δ‖/‖θ‖ = " + Text.num(t.updateRatio()));
          }
        }
      }
      return Outcome.STAY;
    }
  }

  static final class Continue extends AbstractCommand {
    Continue() {
      super("continue", "let training run on", "continue", Argument.NONE);
    }

    @Override
    public Outcome run(List<String> args, ReplContext context) {
      context.session().resume();
      return Outcome.LEAVE;
    }
  }

  static final class Report extends AbstractCommand {
    Report() {
      super("report", "write the HTML report now", "report", Argument.NONE);
    }

    @Override
    public Outcome run(List<String> args, ReplContext context) {
      Path path = context.session().writeReport();
      context.println("report written to " + path);
      return Outcome.STAY;
    }
  }

  static final class Quit extends AbstractCommand {
    Quit() {
      super("quit", "leave (live: detach and let training finish)", "quit", Argument.NONE);
    }

    @Override
    public Outcome run(List<String> args, ReplContext context) {
      context.session().detach();
      return Outcome.LEAVE;
    }
  }
}
