package dev.backprobe.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backprobe.gradcheck.Mlp.Bug;
import dev.backprobe.gradcheck.Mlp.Hidden;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GradientCheckerEdgeCasesTest {

  private static final Set<CheckVerdict> FLAGGED =
      EnumSet.of(CheckVerdict.CLIMBS, CheckVerdict.MISMATCH);

  // ---- kinks ----

  /** A 4-5-5-3 ReLU net where example 0 is all zeros and b1[0] = b1[1] = 0: z1 is exactly 0. */
  private static Object[] reluNetAtKink() {
    Mlp mlp = new Mlp(new int[] {4, 5, 5, 3}, Hidden.RELU, 41);
    double[][] x = Mlp.inputs(8, 4, 42);
    int[] y = Mlp.labels(8, 3, 43);
    x[0] = new double[4];
    mlp.b[0][0] = 0;
    mlp.b[0][1] = 0;
    return new Object[] {mlp, x, y};
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void should_not_report_a_mismatch_when_a_relu_net_sits_exactly_on_a_kink(boolean withProbe) {
    // GIVEN
    Object[] net = reluNetAtKink();
    Mlp mlp = (Mlp) net[0];
    double[][] x = (double[][]) net[1];
    int[] y = (int[]) net[2];
    LossFunction loss = () -> mlp.loss(x, y);
    List<ParameterGradient> gradients = mlp.parameterGradients(x, y, Bug.NONE);
    // The setup really is at a kink: b1[0]'s central difference is not its analytic gradient.
    double analytic = gradients.get(1).gradient()[0];
    double h = 1e-5;
    mlp.b[0][0] = h;
    double up = mlp.loss(x, y);
    mlp.b[0][0] = -h;
    double down = mlp.loss(x, y);
    mlp.b[0][0] = 0;
    double central = (up - down) / (2 * h);
    assertThat(Math.abs(central - analytic)).isGreaterThan(1e-2 * Math.abs(central));

    // WHEN
    CheckRun run = new GradientChecker()
        .runGradients(1, gradients, loss, withProbe ? mlp::reluPattern : null);

    // THEN
    assertThat(run.checks()).extracting(GradientCheck::verdict).doesNotContain(
        CheckVerdict.MISMATCH, CheckVerdict.CLIMBS);
    GradientCheck b1 = run.checks().get(1);
    assertThat(b1.tensor()).isEqualTo("b1");
    assertThat(b1.kinkCrossings()).isGreaterThanOrEqualTo(1);
    assertThat(run.tensors().get(1).gradient().usable()[0]).isFalse();
    assertThat(run.tensors().get(1).note()).contains("kink");
  }

  @Test
  void should_still_flag_a_sign_flip_when_the_relu_net_sits_on_a_kink() {
    Object[] net = reluNetAtKink();
    Mlp mlp = (Mlp) net[0];
    double[][] x = (double[][]) net[1];
    int[] y = (int[]) net[2];

    List<GradientCheck> checks = new GradientChecker().checkGradients(
        1, mlp.parameterGradients(x, y, Bug.SIGN_FLIP), () -> mlp.loss(x, y));

    assertThat(checks).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.CLIMBS);
  }

  // ---- noise floor ----

  @Test
  void should_report_below_noise_floor_when_gradients_are_around_1e_minus_12() {
    // GIVEN a loss of order 1 whose dependence on θ is 1e-12 strong
    double[] theta = {0.2, -0.7, 1.3, 0.05, -2.0, 0.9};
    LossFunction loss = () -> {
      double s = 1.0;
      for (double t : theta) {
        s += 1e-12 * Math.sin(t) + 0.1 * Math.cos(3.0) * 1e-3;
      }
      return s;
    };
    double[] right = new double[theta.length];
    double[] wrong = new double[theta.length];
    double[] update = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      right[i] = 1e-12 * Math.cos(theta[i]);
      wrong[i] = -right[i];
      update[i] = 0.01 * right[i];
    }
    Parameter p = Parameter.of("w", theta);
    GradientChecker checker = new GradientChecker();

    // WHEN
    GradientCheck gradient =
        checker.checkGradients(1, List.of(new ParameterGradient(p, right)), loss).get(0);
    GradientCheck negated =
        checker.checkGradients(1, List.of(new ParameterGradient(p, wrong)), loss).get(0);
    GradientCheck climbing =
        checker.checkUpdates(1, List.of(new ParameterUpdate(p, update)), loss).get(0);

    // THEN
    assertThat(gradient.verdict()).isEqualTo(CheckVerdict.BELOW_NOISE_FLOOR);
    assertThat(negated.verdict()).isEqualTo(CheckVerdict.BELOW_NOISE_FLOOR);
    assertThat(climbing.verdict()).isEqualTo(CheckVerdict.BELOW_NOISE_FLOOR);
    assertThat(gradient.noiseFloor()).isGreaterThan(1e-12 * Math.sqrt(theta.length));
  }

  @Test
  void should_flag_an_analytic_gradient_when_the_numeric_one_is_below_the_floor_but_it_is_not() {
    double[] theta = {0.2, -0.7, 1.3};
    LossFunction loss = () -> 1.0 + 1e-13 * (theta[0] + theta[1] + theta[2]);
    Parameter p = Parameter.of("w", theta);

    GradientCheck check = new GradientChecker().checkGradients(
        1, List.of(new ParameterGradient(p, new double[] {0.5, 0.5, 0.5})), loss).get(0);

    assertThat(check.verdict()).isEqualTo(CheckVerdict.MISMATCH);
  }

  // ---- single precision ----

  @Test
  void should_not_flag_a_correct_float_net_and_should_flag_its_sign_flip() {
    FloatNet net = new FloatNet(3, 10);
    GradientChecker checker = new GradientChecker();

    CheckRun right = checker.runGradients(1, net.gradients(false), net::loss, null);
    List<GradientCheck> flipped = checker.checkGradients(1, net.gradients(true), net::loss);
    List<ParameterUpdate> updates = new ArrayList<>();
    for (ParameterGradient g : net.gradients(false)) {
      double[] d = g.gradient().clone();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (-0.1 * d[i]);
      }
      updates.add(new ParameterUpdate(g.parameter(), d));
    }
    List<GradientCheck> sgd = checker.checkUpdates(1, updates, net::loss);

    assertThat(right.checks()).extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.AGREES);
    // The loss is computed in float: the measured noise is float-sized.
    assertThat(right.lossNoise()).isGreaterThan(1e-9);
    assertThat(sgd).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.AGREES);
    assertThat(flipped).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.CLIMBS);
  }

  // ---- directional mode ----

  private static final int[] WIDE = {20, 30, 10};

  @ParameterizedTest
  @ValueSource(strings = {"NONE", "MISSING_ACTIVATION_DERIVATIVE", "SIGN_FLIP"})
  void should_agree_with_coordinate_mode_when_directional_mode_checks_a_larger_net(String name) {
    // GIVEN a 20-30-10 net (w1 has 600 values) and its analytic gradients
    Bug bug = Bug.valueOf(name);
    Mlp mlp = new Mlp(WIDE, Hidden.TANH, 7);
    double[][] x = Mlp.inputs(16, WIDE[0], 8);
    int[] y = Mlp.labels(16, WIDE[2], 9);
    LossFunction loss = () -> mlp.loss(x, y);
    List<ParameterGradient> gradients = mlp.parameterGradients(x, y, bug);

    // WHEN checked coordinate by coordinate and along directions
    CheckSettings defaults = CheckSettings.defaults();
    List<GradientCheck> exact =
        new GradientChecker(defaults.withCoordinateLimit(1_000)).checkGradients(1, gradients, loss);
    List<GradientCheck> estimated =
        new GradientChecker(defaults.withCoordinateLimit(0)).checkGradients(1, gradients, loss);

    // THEN same sign, verdicts in the same class, roughly the same cosine (k = 4 random
    // directions: ±35% on ‖g⊥‖, see GradientSummary), 10 evaluations each
    for (int t = 0; t < exact.size(); t++) {
      GradientCheck e = exact.get(t);
      GradientCheck d = estimated.get(t);
      assertThat(d.mode()).isEqualTo(CheckMode.DIRECTIONS);
      assertThat(d.lossEvaluations()).as(d.toString()).isEqualTo(10);
      assertThat(Math.signum(d.cosine())).as(d.toString()).isEqualTo(Math.signum(e.cosine()));
      assertThat(d.cosine()).as("%s vs %s", d, e).isCloseTo(e.cosine(), within(0.2));
      assertThat(FLAGGED.contains(d.verdict())).as("%s vs %s", d, e)
          .isEqualTo(FLAGGED.contains(e.verdict()));
    }
  }

  @ParameterizedTest
  @CsvSource({"1.0, 4", "0.98, 4", "0.8, 4", "-0.5, 4", "-1.0, 4", "0.98, 32", "0.8, 32",
      "0.5, 32"})
  void should_separate_update_cosines_when_checking_along_directions(
      double cosine, int randomDirections) {
    // GIVEN an update whose angle with −∇L is known exactly
    Mlp mlp = new Mlp(WIDE, Hidden.SIGMOID, 17);
    double[][] x = Mlp.inputs(16, WIDE[0], 18);
    int[] y = Mlp.labels(16, WIDE[2], 19);
    ParameterGradient w1 = mlp.parameterGradients(x, y, Bug.NONE).get(0);
    double[] g = w1.gradient();
    double[] delta = updateAtCosine(g, cosine, 0.3, new Random(5));

    // WHEN
    CheckSettings settings =
        CheckSettings.defaults().withCoordinateLimit(0).withRandomDirections(randomDirections);
    GradientCheck check = new GradientChecker(settings)
        .checkUpdates(1, List.of(new ParameterUpdate(w1.parameter(), delta)), () -> mlp.loss(x, y))
        .get(0);

    // THEN
    CheckVerdict expected = cosine == 1.0 ? CheckVerdict.AGREES
        : cosine > 0 ? CheckVerdict.MISMATCH : CheckVerdict.CLIMBS;
    assertThat(check.verdict()).as(check.toString()).isEqualTo(expected);
    // χ² spread of the perpendicular estimate: √(1/(2k)) on ‖g⊥‖, i.e. 35% for k = 4, 12% for 32.
    double tolerance = randomDirections >= 32 ? 0.06 : 0.2;
    assertThat(check.cosine()).as(check.toString()).isCloseTo(cosine, within(tolerance));
    assertThat(check.lossEvaluations()).isEqualTo(2 * (randomDirections + 1));
    if (cosine == 1.0) {
      assertThat(check.effectiveLearningRate()).isCloseTo(0.3, within(1e-3));
    }
  }

  /** −η·(cos·ĝ + sin·v̂)·‖g‖ with v̂ a random unit vector orthogonal to g. */
  static double[] updateAtCosine(double[] g, double cosine, double learningRate, Random random) {
    double gNorm = norm(g);
    double[] v = new double[g.length];
    double dot = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
      dot += v[i] * g[i] / gNorm;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] -= dot * g[i] / gNorm;
    }
    double vNorm = norm(v);
    double sine = Math.sqrt(1 - cosine * cosine);
    double[] delta = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      delta[i] = -learningRate * (cosine * g[i] + sine * v[i] / vNorm * gNorm);
    }
    return delta;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  // ---- restoring ----

  private static long[] bits(Mlp mlp) {
    List<Long> out = new ArrayList<>();
    for (Parameter p : mlp.parameters()) {
      for (int i = 0; i < p.size(); i++) {
        out.add(Double.doubleToRawLongBits(p.values().get(i)));
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5, 9, 40, 10_000})
  void should_leave_parameters_bit_identical_when_the_loss_throws_at_any_evaluation(int failAt) {
    // GIVEN a loss that throws on its (failAt+1)-th call (10 000: never), in both modes
    Mlp mlp = new Mlp(WIDE, Hidden.TANH, 3);
    double[][] x = Mlp.inputs(4, WIDE[0], 4);
    int[] y = Mlp.labels(4, WIDE[2], 5);
    long[] before = bits(mlp);
    int[] calls = {0};
    LossFunction loss = () -> {
      if (calls[0]++ == failAt) {
        throw new IllegalStateException("replay failed");
      }
      return mlp.loss(x, y);
    };

    // WHEN
    CheckRun run = new GradientChecker(CheckSettings.defaults().withCoordinateLimit(30))
        .runGradients(1, mlp.parameterGradients(x, y, Bug.NONE), loss, null);

    // THEN
    assertThat(bits(mlp)).isEqualTo(before);
    if (failAt < 10_000) {
      assertThat(run.failure()).contains("IllegalStateException").contains("replay failed");
      assertThat(run.tensors()).anySatisfy(t -> {
        assertThat(t.check().verdict()).isEqualTo(CheckVerdict.NOT_CHECKED);
        assertThat(t.note()).contains("replay failed");
      });
    } else {
      assertThat(run.failure()).isNull();
      assertThat(run.checks()).extracting(GradientCheck::verdict)
          .containsOnly(CheckVerdict.AGREES);
    }
  }

  @Test
  void should_leave_float_parameters_bit_identical() {
    FloatNet net = new FloatNet(8, 6);
    float[][] w1 = new float[5][];
    for (int j = 0; j < 5; j++) {
      w1[j] = net.w1[j].clone();
    }
    float[] b1 = net.b1.clone();

    new GradientChecker(CheckSettings.defaults().withCoordinateLimit(5))
        .checkGradients(1, net.gradients(false), net::loss);

    assertThat(net.w1).isDeepEqualTo(w1);
    assertThat(net.b1).isEqualTo(b1);
  }

  @Test
  void should_not_judge_a_float_update_below_the_storage_resolution() {
    // GIVEN w -= 1e-9f * g on floats: the weights near 0.04 cannot move, the bias near 0 can
    float[] wb = {0.0475f, 0.0389f, -0.0173f, 0.0326f, 0f};
    double[] target = {1, -1, 0.5, 2, 0.3};
    LossFunction loss = () -> {
      double sum = 0;
      for (int i = 0; i < wb.length; i++) {
        sum += (wb[i] - target[i]) * (wb[i] - target[i]);
      }
      return sum / 2;
    };
    double[] update = new double[wb.length];
    for (int i = 0; i < wb.length; i++) {
      float moved = (float) (wb[i] - 1e-9 * (wb[i] - target[i]));
      update[i] = moved - wb[i]; // what the float store keeps of the intended move
    }

    // WHEN
    TensorResult result =
        new GradientChecker().runUpdates(
                1, List.of(new ParameterUpdate(Parameter.of("wb", wb), update)), loss, null)
            .tensors().get(0);

    // THEN
    assertThat(update).containsOnlyOnce(update[4]).contains(0.0);
    assertThat(result.check().verdict()).isEqualTo(CheckVerdict.BELOW_NOISE_FLOOR);
    assertThat(result.note()).contains("rounding");
  }

  @Test
  void should_still_judge_a_float_update_that_the_storage_resolves() {
    float[] w = {0.5f, -0.25f, 1.5f};
    LossFunction loss = () -> (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) / 2;
    double[] climbing = {0.01, -0.005, 0.03}; // +0.02·θ: uphill

    GradientCheck check = new GradientChecker()
        .checkUpdates(1, List.of(new ParameterUpdate(Parameter.of("w", w), climbing)), loss)
        .get(0);

    assertThat(check.verdict()).isEqualTo(CheckVerdict.CLIMBS);
  }

  @Test
  void should_report_not_checked_when_the_loss_is_nan() {
    double[] theta = {1, 2};
    List<GradientCheck> checks = new GradientChecker().checkUpdates(
        1, List.of(new ParameterUpdate(Parameter.of("w", theta), new double[] {0.1, 0.1})),
        () -> Double.NaN);

    assertThat(checks).extracting(GradientCheck::verdict)
        .containsExactly(CheckVerdict.NOT_CHECKED);
  }

  @Test
  void should_say_no_update_when_the_step_did_not_change_a_tensor() {
    double[] theta = {1, 2};
    CheckRun run = new GradientChecker().runUpdates(
        1, List.of(new ParameterUpdate(Parameter.of("w", theta), new double[2])),
        () -> theta[0] * theta[1], null);

    assertThat(run.checks().get(0).verdict()).isEqualTo(CheckVerdict.NO_UPDATE);
    assertThat(run.checks().get(0).lossEvaluations()).isZero();
    assertThat(Map.of("n", run.lossEvaluations())).containsEntry("n", 1 + 2 * 3);
  }
}
