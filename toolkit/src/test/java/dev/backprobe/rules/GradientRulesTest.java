package dev.backprobe.rules;

import static dev.backprobe.rules.RuleTesting.findings;
import static dev.backprobe.rules.RuleTesting.only;
import static dev.backprobe.trace.TraceBuilder.at;
import static dev.backprobe.trace.TraceBuilder.matrix;
import static dev.backprobe.trace.TraceBuilder.noise;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.trace.DerivativeCall;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientRulesTest {

  private static Trace withChecks(String updateModel, java.util.function.Consumer<
      TraceBuilder.StepBuilder> checks) {
    return TraceBuilder.trace().updateModel(updateModel).steps(new int[] {1, 2, 3}, (step, s) -> {
      s.parameter("w1", matrix(4, 3, (i, j) -> noise(i, j, 1)), 1e-3);
      s.parameter("b1", new double[] {0.1, 0.2, 0.3}, 1e-3);
      s.parameter("w2", matrix(3, 2, (i, j) -> noise(i, j, 2)), 1e-3);
      checks.accept(s);
    }).build();
  }

  // ---- gradient-sign ----------------------------------------------------------------------------

  @Test
  void should_report_gradient_sign_when_an_update_climbs() {
    Trace trace = withChecks("sgd", s -> s
        .check("w1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1, CheckMode.COORDINATES, 12)
        .check("w2", CheckVerdict.CLIMBS, -1.0, 2.0, -0.006, CheckMode.COORDINATES, 6));

    Finding finding = only(new GradientSignRule(), trace);

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.subject()).isEqualTo("pkg.Net.w2");
    assertThat(finding.location()).isEqualTo(at("trainStep", 40));
    assertThat(finding.message()).isEqualTo("the update of w2 climbs the loss: cos(Δw2, −∇L) = −1.00");
    assertThat(finding.evidence()).containsEntry("cos", -1.0)
        .containsEntry("effectiveLearningRate", -0.006)
        .containsEntry("threshold", "Thresholds.DESCENT_COSINE = 0")
        .containsEntry("seenAtSteps", List.of(1, 2, 3));
  }

  @Test
  void should_stay_silent_on_gradient_sign_when_checks_are_noise_or_kinks() {
    Trace trace = withChecks("sgd", s -> s
        .check("w1", CheckVerdict.BELOW_NOISE_FLOOR, -0.9, 1.0, -1e-9, CheckMode.COORDINATES, 12)
        .check("w2", CheckVerdict.KINK, -0.5, 0.8, -0.01, CheckMode.COORDINATES, 6));

    assertThat(findings(new GradientSignRule(), trace)).isEmpty();
    assertThat(findings(new GradientMismatchRule(), trace)).isEmpty();
  }

  @Test
  void should_stay_silent_on_gradient_sign_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new GradientSignRule());
  }

  // ---- gradient-mismatch ------------------------------------------------------------------------

  @Test
  void should_report_gradient_mismatch_when_the_checker_says_so() {
    Trace trace = withChecks("sgd", s -> s
        .check("w1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1, CheckMode.COORDINATES, 12)
        .check("b1", CheckVerdict.MISMATCH, 0.8, 0.35, 0.09, CheckMode.COORDINATES, 3));

    Finding finding = only(new GradientMismatchRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net.b1");
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.location()).isEqualTo(at("trainStep", 41));
    assertThat(finding.message()).startsWith("the update of b1 disagrees with the gradient of the"
        + " loss: cos(Δb1, −∇L) = 0.80, relative error 0.35");
    assertThat(finding.evidence()).containsEntry("cos", 0.8)
        .containsEntry("threshold", "Thresholds.GRADIENT_RELATIVE_ERROR = 0.01");
  }

  @Test
  void should_report_gradient_mismatch_on_the_tensor_whose_learning_rate_is_off() {
    // GIVEN plain SGD where b1's update is one example's gradient among 30 (η/30)
    Trace trace = withChecks("sgd", s -> s
        .check("w1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1, CheckMode.COORDINATES, 12)
        .check("b1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1 / 30, CheckMode.COORDINATES, 3)
        .check("w2", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1, CheckMode.COORDINATES, 6));

    Finding finding = only(new GradientMismatchRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net.b1");
    assertThat(finding.message()).contains("its effective learning rate is 1/30 that of w1");
    assertThat(finding.evidence())
        .containsEntry("referenceTensor", "pkg.Net.w1")
        .containsEntry("threshold", "Thresholds.LEARNING_RATE_SPREAD_COORDINATES = 2");
    assertThat((Double) finding.evidence().get("learningRateFactor")).isCloseTo(1 / 30.0,
        org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void should_report_an_error_naming_the_batch_when_a_tensor_learns_batch_size_times_faster() {
    // GIVEN plain SGD on batches of 20 where b1's gradient is summed, not averaged (20η)
    Trace trace = withChecks("sgd", s -> s
        .batch("trainStep", "x", dev.backprobe.trace.TensorRole.INPUT, null,
            matrix(20, 4, (i, j) -> noise(i, j, 3)), 38)
        .check("w1", CheckVerdict.AGREES, 1.0, 1e-9, 0.5, CheckMode.COORDINATES, 12)
        .check("b1", CheckVerdict.AGREES, 1.0, 1e-9, 10.0, CheckMode.COORDINATES, 3)
        .check("w2", CheckVerdict.AGREES, 1.0, 1e-9, 0.5, CheckMode.COORDINATES, 6));

    Finding finding = only(new GradientMismatchRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net.b1");
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).contains("20× that of w1 (10 vs 0.5), and the step's batch holds"
        + " 20 examples");
    assertThat(finding.hint()).contains("summed where the others are averaged over the 20");
    assertThat(finding.evidence()).containsEntry("batchSize", 20);
  }

  @Test
  void should_warn_only_when_a_tensor_learns_at_a_rate_of_its_own_at_every_step() {
    // GIVEN plain SGD on batches of 20 whose biases b1 are given 5η on purpose
    Trace trace = withChecks("sgd", s -> s
        .batch("trainStep", "x", dev.backprobe.trace.TensorRole.INPUT, null,
            matrix(20, 4, (i, j) -> noise(i, j, 3)), 38)
        .check("w1", CheckVerdict.AGREES, 1.0, 1e-9, 0.1, CheckMode.COORDINATES, 12)
        .check("b1", CheckVerdict.AGREES, 1.0, 1e-9, 0.5, CheckMode.COORDINATES, 3)
        .check("w2", CheckVerdict.AGREES, 1.0, 1e-9, 0.1, CheckMode.COORDINATES, 6));

    Finding finding = only(new GradientMismatchRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net.b1");
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).contains("5× that of w1 (0.5 vs 0.1) at every captured step");
    assertThat(finding.hint()).startsWith("if this tensor is not meant to learn at a rate of its");
  }

  @Test
  void should_report_an_error_when_the_rate_factor_changes_between_steps() {
    // GIVEN b1's update scaled by a factor that varies (one example's gradient, not the batch's)
    Trace trace = TraceBuilder.trace().updateModel("sgd").steps(new int[] {1, 2, 3}, (step, s) -> {
      s.parameter("w1", matrix(4, 3, (i, j) -> noise(i, j, 1)), 1e-3);
      s.parameter("b1", new double[] {0.1, 0.2, 0.3}, 1e-3);
      s.check("w1", CheckVerdict.AGREES, 1.0, 1e-9, 0.1, CheckMode.COORDINATES, 12)
          .check("b1", CheckVerdict.AGREES, 1.0, 1e-9, 0.1 * (3 + step), CheckMode.COORDINATES, 3);
    }).build();

    Finding finding = only(new GradientMismatchRule(), trace);

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).endsWith("(0.4 vs 0.1)");
  }

  @Test
  void should_stay_silent_on_learning_rate_spread_within_directional_noise_or_for_adam() {
    Trace directional = withChecks("sgd", s -> s
        .check("w1", CheckVerdict.AGREES, 0.999, 1e-3, 0.1, CheckMode.DIRECTIONS, 12)
        .check("w2", CheckVerdict.AGREES, 0.999, 1e-3, 0.3, CheckMode.DIRECTIONS, 6));
    Trace adaptive = withChecks("adaptive", s -> s
        .check("w1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1, CheckMode.COORDINATES, 12)
        .check("b1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.001, CheckMode.COORDINATES, 3));

    assertThat(findings(new GradientMismatchRule(), directional)).isEmpty();
    assertThat(findings(new GradientMismatchRule(), adaptive)).isEmpty();
  }

  /** Adam's first step: every coordinate moves by the learning rate against the gradient. */
  private static double[][] adamFirstStep(double[][] values) {
    return matrix(values.length, values[0].length, (i, j) -> -0.01 * Math.signum(values[i][j]));
  }

  /** Steps 1–3 of w1 (12 values) and w2 (6), each step's checks given by {@code checks}. */
  private static Trace twoTensors(String updateModel, boolean evenFirstStep,
      java.util.function.BiConsumer<Integer, TraceBuilder.StepBuilder> checks) {
    double[][] w1 = matrix(4, 3, (i, j) -> noise(i, j, 1));
    double[][] w2 = matrix(3, 2, (i, j) -> noise(i, j, 2));
    return TraceBuilder.trace().updateModel(updateModel).steps(new int[] {1, 2, 3}, (step, s) -> {
      if (evenFirstStep) {
        s.parameter("w1", w1, adamFirstStep(w1)).parameter("w2", w2, adamFirstStep(w2));
      } else {
        s.parameter("w1", w1, 1e-3).parameter("w2", w2, 1e-3);
      }
      checks.accept(step, s);
    }).build();
  }

  @Test
  void should_stay_silent_on_gradient_mismatch_when_a_correct_adam_update_is_not_parallel() {
    // GIVEN Adam: step 1 is −η·sign(g) (cos 0.66–0.83 with −∇L), later steps descend as well
    Trace trace = twoTensors("adaptive", true, (step, s) -> s
        .check("w1", CheckVerdict.MISMATCH, 0.66, 0.3, 0.01, CheckMode.COORDINATES, 12)
        .check("w2", CheckVerdict.MISMATCH, 0.83, 0.2, 0.02, CheckMode.COORDINATES, 6));

    assertThat(findings(new GradientMismatchRule(), trace)).isEmpty();
  }

  @Test
  void should_report_gradient_sign_when_an_adam_update_climbs() {
    Trace trace = twoTensors("adaptive", true, (step, s) -> s
        .check("w1", CheckVerdict.MISMATCH, 0.66, 0.3, 0.01, CheckMode.COORDINATES, 12)
        .check("w2", CheckVerdict.CLIMBS, -0.83, 2.0, -0.02, CheckMode.COORDINATES, 6));

    assertThat(findings(new GradientSignRule(), trace))
        .extracting(Finding::subject)
        .containsOnly("pkg.Net.w2");
    assertThat(findings(new GradientMismatchRule(), trace)).isEmpty();
  }

  @Test
  void should_report_gradient_mismatch_when_a_run_labelled_adaptive_moves_unevenly_at_step_1() {
    // GIVEN SGD (Δθ ∝ θ, uneven) whose w2 is mis-derived: cosines alone called it adaptive
    Trace trace = twoTensors("adaptive", false, (step, s) -> s
        .check("w1", CheckVerdict.AGREES, 0.9999, 1e-5, 0.1, CheckMode.COORDINATES, 12)
        .check("w2", CheckVerdict.MISMATCH, 0.8, 0.35, 0.09, CheckMode.COORDINATES, 6));

    List<Finding> found = findings(new GradientMismatchRule(), trace);

    assertThat(found).extracting(Finding::subject).containsOnly("pkg.Net.w2");
    assertThat(found.get(0).evidence())
        .containsEntry("updateModel", "adaptive, unconfirmed by step 1: read as sgd");
  }

  @Test
  void should_stay_silent_on_gradient_mismatch_when_step_1_is_unverified_and_uneven() {
    // GIVEN momentum whose loss was found late: step 1 recorded (uneven) but not checked, later
    // steps not parallel to −∇L, as momentum's never are: cosines alone called it adaptive
    Trace trace = twoTensors("adaptive", false, (step, s) -> {
      CheckVerdict verdict = step == 1 ? CheckVerdict.NOT_CHECKED : CheckVerdict.MISMATCH;
      double cosine = step == 1 ? Double.NaN : 0.87;
      s.check("w1", verdict, cosine, 0.5, 0.1, CheckMode.COORDINATES, 12)
          .check("w2", verdict, cosine, 0.5, 0.1, CheckMode.COORDINATES, 6);
    });

    assertThat(findings(new GradientMismatchRule(), trace)).isEmpty();
  }

  @Test
  void should_report_gradient_mismatch_only_at_step_1_when_the_update_has_momentum() {
    // GIVEN momentum: step 1 has no velocity yet, so its update must be parallel to −∇L
    Trace correct = twoTensors("momentum", false, (step, s) -> s
        .check("w1", step == 1 ? CheckVerdict.AGREES : CheckVerdict.MISMATCH,
            step == 1 ? 0.9999 : 0.9, 0.1, 0.1, CheckMode.COORDINATES, 12)
        .check("w2", step == 1 ? CheckVerdict.AGREES : CheckVerdict.MISMATCH,
            step == 1 ? 0.9999 : 0.95, 0.1, 0.1, CheckMode.COORDINATES, 6));
    Trace wrong = twoTensors("momentum", false, (step, s) -> s
        .check("w1", step == 1 ? CheckVerdict.AGREES : CheckVerdict.MISMATCH,
            step == 1 ? 0.9999 : 0.9, 0.1, 0.1, CheckMode.COORDINATES, 12)
        .check("w2", CheckVerdict.MISMATCH, 0.8, 0.35, 0.09, CheckMode.COORDINATES, 6));

    assertThat(findings(new GradientMismatchRule(), correct)).isEmpty();
    Finding finding = only(new GradientMismatchRule(), wrong);
    assertThat(finding.subject()).isEqualTo("pkg.Net.w2");
    assertThat(finding.step()).isEqualTo(1);
    assertThat(finding.evidence()).containsEntry("updateModel", "momentum");
  }

  @Test
  void should_stay_silent_on_gradient_mismatch_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new GradientMismatchRule());
  }

  // ---- derivative-mismatch ----------------------------------------------------------------------

  static ProbeResult dersgm(DerivativeConvention convention, DerivativeVerdict verdict,
      DerivativeConvention calledWith) {
    return new ProbeResult("pkg.Net#dersgm", at("dersgm", 24), null, ActivationKind.SIGMOID,
        convention, verdict, 0.5, calledWith, calledWith == null ? null : at("train", 57),
        verdict == DerivativeVerdict.CORRECT ? "returns σ'(z)"
            : "returns σ(x)(σ(x)−1) = −σ'(x)");
  }

  @Test
  void should_report_derivative_mismatch_when_the_formula_is_wrong_and_misfed() {
    Trace trace = TraceBuilder.trace()
        .probe(dersgm(DerivativeConvention.OF_INPUT, DerivativeVerdict.WRONG_SIGN,
            DerivativeConvention.OF_OUTPUT))
        .build();

    Finding finding = only(new DerivativeMismatchRule(), trace);

    assertThat(finding.subject()).isEqualTo("pkg.Net#dersgm");
    assertThat(finding.location()).isEqualTo(at("dersgm", 24));
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).isEqualTo("dersgm returns σ(x)(σ(x)−1) = −σ'(x), and is called"
        + " on the activation's output at Net.java:57 while its formula expects its input z");
    assertThat(finding.evidence()).containsEntry("verdict", "wrong_sign")
        .containsEntry("calledWith", "of_output")
        .containsEntry("derivativeOf", "sigmoid");
    assertThat(finding.hint()).contains("σ(z)(1 − σ(z))");
  }

  @Test
  void should_report_derivative_mismatch_when_a_correct_formula_gets_the_wrong_argument() {
    Trace trace = TraceBuilder.trace()
        .step(1, s -> {})
        .step(2, s -> s.derivativeCall(new DerivativeCall("pkg.Net#dersgm", "pkg.Net#forward:a",
            DerivativeConvention.OF_OUTPUT, at("backward", 61))))
        .probe(dersgm(DerivativeConvention.OF_INPUT, DerivativeVerdict.CORRECT, null))
        .build();

    Finding finding = only(new DerivativeMismatchRule(), trace);

    assertThat(finding.step()).isEqualTo(2);
    assertThat(finding.message()).isEqualTo("dersgm is called on the activation's output (a in"
        + " forward) at Net.java:61 while its formula expects its input z");
    assertThat(finding.evidence()).containsEntry("callSite", "Net.java:61")
        .containsEntry("threshold", "argument convention differs from the formula's");
  }

  @Test
  void should_stay_silent_on_derivative_mismatch_when_the_derivative_could_not_be_checked() {
    // GIVEN a derivative the prober could not judge (e.g. a softmax Jacobian, or one that threw)
    Trace trace = TraceBuilder.trace()
        .probe(dersgm(DerivativeConvention.NEITHER, DerivativeVerdict.NOT_CHECKED, null))
        .build();

    // WHEN / THEN nothing is claimed about its formula
    assertThat(new DerivativeMismatchRule().evaluate(trace)).isEmpty();
  }

  @Test
  void should_stay_silent_on_derivative_mismatch_when_training_is_healthy() {
    RuleTesting.silentOnHealthy(new DerivativeMismatchRule());
  }
}
