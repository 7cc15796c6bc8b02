package dev.backprobe.repl;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.rules.Thresholds;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorTrace;
import java.util.List;
import java.util.Locale;

/** {@code diff NAME}: the update a step made to a parameter, its ratio to the weights, its check. */
final class DiffCommand extends AbstractCommand {

  DiffCommand() {
    super("diff", "this step's update of a parameter and its check", "diff NAME", Argument.TENSOR);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    TensorTrace t = context.tensor(required(args, 0));
    StepTrace step = context.current();
    if (t.update() == null && t.updateRatio() == null) {
      throw new CommandException(
          t.name() + " has no recorded update at step " + step.step()
              + ": only parameters the step changes have one");
    }
    context.println("update Δ of " + t.name() + " at step " + step.step());
    if (t.update() != null) {
      StatsCommand.line(context, "mean ± std", Text.num(t.update().mean()) + " ± " + Text.num(t.update().std()));
      StatsCommand.line(context, "min … max", Text.num(t.update().min()) + " … " + Text.num(t.update().max()));
      StatsCommand.line(context, "‖Δ‖", Text.num(t.update().l2Norm()));
    }
    if (t.updateRatio() != null) {
      StatsCommand.line(context, "‖Δ‖/‖θ‖", Text.num(t.updateRatio()) + " — " + judge(t.updateRatio()));
    }
    GradientCheck check = null;
    if (step.checks() != null) {
      for (GradientCheck c : step.checks()) {
        if (t.name().equals(c.tensor())) {
          check = c;
        }
      }
    }
    if (check == null) {
      context.println("no gradient check was saved for it at this step");
    } else {
      context.println("gradient check (" + check.mode().name().toLowerCase(Locale.ROOT) + ", "
          + check.lossEvaluations() + " loss evaluations)");
      StatsCommand.line(context, "verdict", check.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      StatsCommand.line(context, "cos(Δ, −∇L)", Text.num(check.cosine()));
      StatsCommand.line(context, "relative error", Text.num(check.relativeError()));
      StatsCommand.line(context, "effective lr", Text.num(check.effectiveLearningRate()));
      StatsCommand.line(context, "‖∇L‖", Text.num(check.gradientNorm()));
    }
    return Outcome.STAY;
  }

  private static String judge(double ratio) {
    if (!(ratio <= Thresholds.UPDATE_RATIO_EXPLODING.value())) {
      return "above " + Thresholds.UPDATE_RATIO_EXPLODING + ": the update is as large as the weights";
    }
    if (ratio < Thresholds.UPDATE_RATIO_TINY.value()) {
      return "below " + Thresholds.UPDATE_RATIO_TINY + ": too small to learn";
    }
    return "healthy is about " + Text.num(Thresholds.UPDATE_RATIO_HEALTHY.value()) + " (CS231n)";
  }
}
