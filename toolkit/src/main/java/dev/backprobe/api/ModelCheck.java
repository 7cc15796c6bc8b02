package dev.backprobe.api;

import dev.backprobe.gradcheck.CheckRun;
import dev.backprobe.gradcheck.CheckSettings;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.GradientChecker;
import dev.backprobe.gradcheck.LossFunction;
import dev.backprobe.gradcheck.Parameter;
import dev.backprobe.gradcheck.ParameterGradient;
import dev.backprobe.model.DiscoveredTensor;
import dev.backprobe.model.ModelInspector;
import dev.backprobe.model.ModelState;
import dev.backprobe.model.MutedConsole;
import dev.backprobe.model.StepVerification;
import dev.backprobe.model.StepVerifier;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.tensor.TensorView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A model being set up for verification: {@code Backprobe.model(net).loss(…).step(…).verify()}.
 * Each setter returns this builder; {@link #verify()} and {@link #gradient(Map)} run the checks.
 *
 * @param <M> the model's type
 */
public final class ModelCheck<M> {

  private final M model;
  private ModelLoss<? super M> loss;
  private ModelStep<? super M> step;
  private GradientChecker checker = new GradientChecker();
  private ModelInspector inspector = new ModelInspector();
  private RulesEngine rules = new RulesEngine();
  private boolean muted;

  ModelCheck(M model) {
    this.model = Objects.requireNonNull(model, "the model is null");
  }

  /** The loss at the model's current parameters, e.g. {@code net -> net.loss(x, y)}. */
  public ModelCheck<M> loss(ModelLoss<? super M> loss) {
    this.loss = Objects.requireNonNull(loss, "loss");
    return this;
  }

  /** One training step, e.g. {@code net -> net.trainStep(x, y)}. */
  public ModelCheck<M> step(ModelStep<? super M> step) {
    this.step = Objects.requireNonNull(step, "step");
    return this;
  }

  /** Checker settings (coordinate limit, random directions, tolerance). */
  public ModelCheck<M> settings(CheckSettings settings) {
    this.checker = new GradientChecker(settings);
    return this;
  }

  /** How deep the search for tensors goes (default {@link ModelInspector#DEFAULT_MAX_DEPTH}). */
  public ModelCheck<M> maxDepth(int depth) {
    this.inspector = new ModelInspector(depth);
    return this;
  }

  /** The rules to run over the verified step (default: all twelve). */
  public ModelCheck<M> rules(RulesEngine engine) {
    this.rules = Objects.requireNonNull(engine, "rules");
    return this;
  }

  /** Whether to discard what the loss prints while it is replayed (default: no). */
  public ModelCheck<M> muted(boolean mute) {
    this.muted = mute;
    return this;
  }

  /** The tensors Backprobe finds in the model. */
  public List<DiscoveredTensor> tensors() {
    return inspector.parameters(model);
  }

  /**
   * Runs one step, checks every tensor it changed against the numeric gradient of the loss, and
   * runs the rules over that step. The model is left as the step left it.
   *
   * @throws IllegalStateException when no loss or no step was given
   * @throws dev.backprobe.model.StepFailedException when the step throws (the model is then put
   *     back as it was)
   */
  public Verification verify() {
    requireLoss("verify()");
    if (step == null) {
      throw new IllegalStateException(
          "no step: call .step(model -> model.trainStep(…)) before verify(), or check an analytic"
              + " gradient with .gradient(…)");
    }
    long start = System.nanoTime();
    StepVerifier verifier = new StepVerifier(checker, inspector, muted);
    StepVerification v = verifier.verify(model, 1, lossFunction(), () -> step.step(model));
    List<String> problems = new ArrayList<>(v.limitations());
    long millis = (System.nanoTime() - start) / 1_000_000;
    var trace = OneStepTrace.ofStep(model, v, millis, problems);
    RulesEngine.Evaluation evaluation = rules.run(trace);
    problems.addAll(evaluation.problems());
    return VerificationListeners.publish(new Verification(
        model.getClass().getName(), CheckSubject.UPDATE, 1, v.lossBefore(), v.lossAfter(),
        v.changedTensors(), v.unreadByLoss(), v.checks(), evaluation.findings(), trace,
        problems, v.failure()));
  }

  /**
   * Checks an analytic gradient against the numeric gradient of the loss at the model's current
   * parameters, and runs the rules over it. Keys name tensors as {@link #tensors()} does ({@code
   * w2}, {@code layers[0].weights}, or the full name); values are {@code double[]}, {@code
   * double[][]}, {@code float[]}, {@code float[][]} (row-major like the tensor), or a {@link
   * Supplier} of one, called at the current parameters.
   */
  public Verification gradient(Map<String, ?> gradients) {
    requireLoss("gradient(…)");
    Objects.requireNonNull(gradients, "gradients");
    long start = System.nanoTime();
    ModelState state = ModelState.capture(inspector, List.of(model));
    List<DiscoveredTensor> tensors = state.tensors();
    Map<String, DiscoveredTensor> checked = new LinkedHashMap<>();
    List<ParameterGradient> analytic = new ArrayList<>();
    for (Map.Entry<String, ?> entry : gradients.entrySet()) {
      DiscoveredTensor tensor = resolve(entry.getKey(), tensors);
      double[] values = flatten(entry.getKey(), entry.getValue());
      if (values.length != tensor.size()) {
        throw new IllegalArgumentException(
            "the gradient of " + entry.getKey() + " has " + values.length + " values, the tensor "
                + tensor.size() + " (" + shape(tensor.shape()) + ")");
      }
      checked.put(tensor.name(), tensor);
      analytic.add(
          new ParameterGradient(new Parameter(tensor.name(), tensor.view()), values));
    }
    double lossValue;
    CheckRun run;
    LossFunction lossFunction = lossFunction();
    try {
      state.restore(); // a gradient supplier may have run a forward pass
      lossValue = evaluateQuietly(lossFunction);
      state.restore();
      run = checker.runGradients(1, analytic, lossFunction, null);
    } finally {
      state.restore();
    }
    List<String> problems = new ArrayList<>(state.limitations());
    long millis = (System.nanoTime() - start) / 1_000_000;
    var trace =
        OneStepTrace.ofGradient(model, state, checked, lossValue, run.checks(), millis, problems);
    RulesEngine.Evaluation evaluation = rules.run(trace);
    problems.addAll(evaluation.problems());
    return VerificationListeners.publish(new Verification(
        model.getClass().getName(), CheckSubject.GRADIENT, 1, lossValue, Double.NaN, List.of(),
        List.of(), run.checks(), evaluation.findings(), trace, problems, run.failure()));
  }

  /**
   * Checks the analytic gradient a backward pass computes at the current parameters, e.g. {@code
   * .gradient(net -> net.gradients(x, y))}; see {@link #gradient(Map)}.
   */
  public Verification gradient(Function<? super M, ? extends Map<String, ?>> backward) {
    Objects.requireNonNull(backward, "backward");
    ModelState state = ModelState.capture(inspector, List.of(model));
    Map<String, ?> gradients;
    try {
      gradients = backward.apply(model);
    } finally {
      state.restore(); // the backward pass may cache activations
    }
    return gradient(gradients);
  }

  private void requireLoss(String call) {
    if (loss == null) {
      throw new IllegalStateException(
          "no loss: call .loss(model -> model.loss(…)) before " + call
              + "; Backprobe needs it to compute the numeric gradient");
    }
  }

  private LossFunction lossFunction() {
    ModelLoss<? super M> l = loss;
    return muted ? () -> MutedConsole.call(() -> l.loss(model)) : () -> l.loss(model);
  }

  private static double evaluateQuietly(LossFunction loss) {
    try {
      return loss.evaluate();
    } catch (Exception e) {
      return Double.NaN; // the checker reports the same failure with its message
    }
  }

  /** The one tensor a user's name refers to. */
  static DiscoveredTensor resolve(String name, List<DiscoveredTensor> tensors) {
    for (DiscoveredTensor t : tensors) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    List<DiscoveredTensor> matches = tensors.stream().filter(t -> t.isNamed(name)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    String known = tensors.stream().map(DiscoveredTensor::path).collect(Collectors.joining(", "));
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          "no tensor named " + name + " in the model; its tensors are " + known);
    }
    throw new IllegalArgumentException(
        name + " names " + matches.size() + " tensors ("
            + matches.stream().map(DiscoveredTensor::path).collect(Collectors.joining(", "))
            + "); use the full path");
  }

  private static double[] flatten(String name, Object value) {
    Object array = value instanceof Supplier<?> supplier ? supplier.get() : value;
    if (array instanceof TensorView view) {
      return view.toArray();
    }
    if (array == null || !TensorView.supports(array)) {
      String what = array == null ? "null" : array.getClass().getSimpleName();
      throw new IllegalArgumentException(
          "the gradient of " + name + " is " + what
              + ": expected double[], double[][], float[] or float[][] (rectangular)");
    }
    return TensorView.of(array).toArray();
  }

  private static String shape(int[] shape) {
    StringBuilder text = new StringBuilder();
    for (int d : shape) {
      text.append(text.length() == 0 ? "" : "×").append(d);
    }
    return text.toString();
  }
}
