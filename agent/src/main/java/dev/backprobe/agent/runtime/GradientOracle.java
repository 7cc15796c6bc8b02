package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.gradcheck.NumericGradient;
import dev.backprobe.tensor.TensorView;
import java.util.List;
import java.util.Map;

/**
 * Compares parameter updates with the numeric gradient of the loss: the seam over the toolkit's
 * {@code GradientChecker}. The parameters hold θ_before when it is called; it must leave them
 * exactly as it found them.
 */
public interface GradientOracle {

  Outcome checkUpdates(int step, List<Update> updates, LossEvaluation loss, KinkSignal kinks);

  /**
   * Measures the gradient of tensors the step left unchanged (their {@code delta} is all zeros):
   * a verdict of MISMATCH says the loss depends on a tensor that was not updated. The default
   * measures nothing.
   */
  default Outcome checkUnchanged(int step, List<Update> unchanged, LossEvaluation loss) {
    return new Outcome(List.of(), Map.of(), null);
  }

  /**
   * The checks with what explains them: the caller must be able to report a loss that failed
   * (DESIGN.md: "reported once in the report and on stderr"), not just see NOT_CHECKED verdicts.
   *
   * @param checks one per update, in the order given
   * @param notes per tensor name, why it was not checked or what was excluded (tensors without a
   *     note are absent)
   * @param failure why the run stopped early (the loss threw or was not finite), or null
   * @param gradients per tensor name, the numeric gradient its check measured (tensors not measured
   *     are absent): what the update-model fit at the end of the run projects other updates on
   */
  record Outcome(
      List<GradientCheck> checks,
      Map<String, String> notes,
      String failure,
      Map<String, NumericGradient> gradients) {
    public Outcome {
      checks = List.copyOf(checks);
      notes = Map.copyOf(notes);
      gradients = Map.copyOf(gradients);
    }

    Outcome(List<GradientCheck> checks, Map<String, String> notes, String failure) {
      this(checks, notes, failure, Map.of());
    }
  }

  /** Δθ = θ_after − θ_before of one tensor, row-major, with a live view holding θ_before. */
  record Update(String name, TensorView values, double[] delta) {}

  /** The loss at the parameters' current values. */
  @FunctionalInterface
  interface LossEvaluation {
    double evaluate() throws Exception;
  }

  /**
   * A signature of the piecewise-linear pieces (ReLU on/off patterns) the last loss evaluation went
   * through; a change between the ±h evaluations means the difference crossed a kink.
   */
  @FunctionalInterface
  interface KinkSignal {
    long signature();
  }
}
