package dev.backprobe.model;

import dev.backprobe.gradcheck.CheckRun;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.gradcheck.GradientChecker;
import dev.backprobe.gradcheck.LossFunction;
import dev.backprobe.gradcheck.Parameter;
import dev.backprobe.gradcheck.ParameterUpdate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies one training step against the numeric gradient of the loss: capture the model, run the
 * step, capture again, put the "before" state back, check each changed tensor's Δθ against −∇L
 * there, and leave the model exactly in its "after" state, as if nothing but the step had run.
 *
 * <p>{@link #verify(int, ModelState, ModelState, LossFunction)} does the same for a step that was
 * already taken (the agent captures around the trainer's own call). The loss is evaluated many
 * times; with {@link #muted(boolean) muted(true)} whatever it prints is discarded.
 */
public final class StepVerifier {

  private final GradientChecker checker;
  private final ModelInspector inspector;
  private final boolean muted;

  public StepVerifier() {
    this(new GradientChecker(), new ModelInspector(), false);
  }

  public StepVerifier(GradientChecker checker, ModelInspector inspector, boolean muted) {
    this.checker = Objects.requireNonNull(checker, "checker");
    this.inspector = Objects.requireNonNull(inspector, "inspector");
    this.muted = muted;
  }

  /** A verifier that does (or does not) discard the console output of the replayed loss. */
  public StepVerifier muted(boolean mute) {
    return new StepVerifier(checker, inspector, mute);
  }

  /**
   * Runs one step of a model and verifies it. The model ends in the state the step left it in.
   *
   * @param model the model object (or a {@link Class} for static fields) the step and loss use
   * @param step 1-based number the checks carry
   * @throws StepFailedException when the step itself throws; the model is then put back to its
   *     state before the step
   */
  public StepVerification verify(Object model, int step, LossFunction loss, TrainingStep training) {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(training, "step");
    ModelState before = ModelState.capture(inspector, List.of(model));
    try {
      training.run();
    } catch (Exception | Error e) {
      before.restore();
      throw new StepFailedException(e);
    }
    ModelState after = ModelState.capture(inspector, List.of(model));
    return verify(step, before, after, loss);
  }

  /**
   * Verifies a step that was already taken, from the states captured around it. The model is left
   * in the "after" state.
   */
  public StepVerification verify(int step, ModelState before, ModelState after, LossFunction loss) {
    Objects.requireNonNull(loss, "loss");
    List<TensorDelta> deltas = before.diff(after);
    List<ParameterUpdate> updates = new ArrayList<>();
    for (TensorDelta delta : deltas) {
      if (delta.changed()) {
        DiscoveredTensor tensor = delta.tensor();
        updates.add(
            new ParameterUpdate(new Parameter(tensor.name(), tensor.view()), delta.delta()));
      }
    }
    Set<String> problems = new LinkedHashSet<>(before.limitations());
    problems.addAll(after.limitations());
    Evaluation lossBefore;
    CheckRun run;
    Evaluation lossAfter;
    try {
      before.restore();
      lossBefore = evaluate(loss);
      before.restore(); // the loss may cache activations or draw from a generator
      run = quietly(() -> checker.runUpdates(step, updates, loss, null));
    } finally {
      after.restore();
    }
    try {
      lossAfter = evaluate(loss);
    } finally {
      after.restore();
    }
    String failure = run.failure() != null ? run.failure() : lossBefore.failure();
    List<GradientCheck> checks = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (GradientCheck check : run.checks()) {
      if (isUnreadByLoss(check)) {
        unread.add(check.tensor());
      } else {
        checks.add(check);
      }
    }
    return new StepVerification(
        step, before, after, lossBefore.value(), lossAfter.value(), deltas, checks, unread, run,
        List.copyOf(problems), failure);
  }

  /**
   * A tensor the step changed but the loss does not read: every central difference was exactly
   * zero. That is a cache (the last forward pass's activations), not a parameter.
   */
  private static boolean isUnreadByLoss(GradientCheck check) {
    return check.verdict() == CheckVerdict.BELOW_NOISE_FLOOR && check.gradientNorm() == 0;
  }

  private record Evaluation(double value, String failure) {}

  private Evaluation evaluate(LossFunction loss) {
    try {
      return new Evaluation(muted ? MutedConsole.call(loss::evaluate) : loss.evaluate(), null);
    } catch (Exception | StackOverflowError e) {
      return new Evaluation(Double.NaN, "the loss threw " + StepFailedException.describe(e));
    }
  }

  private <T> T quietly(java.util.concurrent.Callable<T> work) {
    try {
      return muted ? MutedConsole.call(work) : work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
