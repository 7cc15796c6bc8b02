package dev.backprobe.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backprobe.gradcheck.Mlp.Bug;
import dev.backprobe.gradcheck.Mlp.Hidden;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GradientCheckerTest {

  private static final Set<CheckVerdict> FLAGGED = EnumSet.of(CheckVerdict.CLIMBS,
      CheckVerdict.MISMATCH);

  private final GradientChecker checker = new GradientChecker();

  // ---- functions with known gradients ----

  @Test
  void should_agree_when_gradient_of_a_quadratic_is_exact() {
    // GIVEN L = ½ Σ cᵢθᵢ² + Σ dᵢθᵢ, ∇L = c∘θ + d
    double[] theta = {0.3, -1.2, 2.5, 0.0, 7.0};
    double[] c = {1, 2, 0.5, 3, 0.1};
    double[] d = {0.1, -0.2, 0.3, 1.0, -0.5};
    LossFunction loss = () -> {
      double s = 0;
      for (int i = 0; i < theta.length; i++) {
        s += 0.5 * c[i] * theta[i] * theta[i] + d[i] * theta[i];
      }
      return s;
    };
    double[] gradient = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      gradient[i] = c[i] * theta[i] + d[i];
    }
    Parameter p = Parameter.of("theta", theta);

    // WHEN
    GradientCheck check =
        checker.checkGradients(1, List.of(new ParameterGradient(p, gradient)), loss).get(0);

    // THEN
    assertThat(check.verdict()).isEqualTo(CheckVerdict.AGREES);
    assertThat(check.cosine()).isCloseTo(1.0, within(1e-9));
    assertThat(check.relativeError()).isLessThan(1e-7);
    assertThat(check.lossEvaluations()).isEqualTo(2 * theta.length);
  }

  @Test
  void should_report_effective_learning_rate_and_climbs_when_updates_are_sgd_steps() {
    double[] theta = {0.3, -1.2, 2.5, 0.4};
    LossFunction loss = () -> {
      double s = 0;
      for (int i = 0; i < theta.length; i++) {
        s += Math.cosh(theta[i]) + (i + 1) * theta[i];
      }
      return s;
    };
    double[] descent = new double[theta.length];
    double[] ascent = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      double g = Math.sinh(theta[i]) + (i + 1);
      descent[i] = -0.05 * g;
      ascent[i] = 0.05 * g;
    }
    Parameter p = Parameter.of("theta", theta);

    GradientCheck down =
        checker.checkUpdates(3, List.of(new ParameterUpdate(p, descent)), loss).get(0);
    GradientCheck up = checker.checkUpdates(3, List.of(new ParameterUpdate(p, ascent)), loss).get(0);

    assertThat(down.verdict()).isEqualTo(CheckVerdict.AGREES);
    assertThat(down.effectiveLearningRate()).isCloseTo(0.05, within(1e-8));
    assertThat(down.cosine()).isCloseTo(1.0, within(1e-9));
    assertThat(down.directionalDerivative()).isNegative();
    assertThat(up.verdict()).isEqualTo(CheckVerdict.CLIMBS);
    assertThat(up.cosine()).isCloseTo(-1.0, within(1e-9));
    assertThat(up.effectiveLearningRate()).isCloseTo(-0.05, within(1e-8));
  }

  @Test
  void should_agree_when_softmax_cross_entropy_gradient_is_p_minus_y() {
    // GIVEN logits of 3 examples x 4 classes, loss = mean −log softmax(z)[label]
    double[][] z = {{1.0, -0.5, 2.0, 0.1}, {0.0, 0.3, -1.0, 0.7}, {3.0, 2.9, -2.0, 0.0}};
    int[] labels = {2, 0, 1};
    LossFunction loss = () -> {
      double s = 0;
      for (int n = 0; n < z.length; n++) {
        s -= Math.log(Mlp.softmax(z[n])[labels[n]]);
      }
      return s / z.length;
    };
    double[][] g = new double[3][];
    for (int n = 0; n < z.length; n++) {
      g[n] = Mlp.softmax(z[n]);
      g[n][labels[n]] -= 1;
      for (int k = 0; k < 4; k++) {
        g[n][k] /= z.length;
      }
    }
    Parameter p = Parameter.of("logits", z);

    GradientCheck right = checker.checkGradients(
        1, List.of(new ParameterGradient(p, Mlp.flatten(g))), loss).get(0);
    // The MSE-through-softmax mistake: (p − y) without dividing by the batch → scale off by 3.
    double[] summed = Mlp.flatten(g);
    for (int i = 0; i < summed.length; i++) {
      summed[i] *= z.length;
    }
    GradientCheck wrongScale =
        checker.checkGradients(1, List.of(new ParameterGradient(p, summed)), loss).get(0);

    assertThat(right.verdict()).isEqualTo(CheckVerdict.AGREES);
    assertThat(right.relativeError()).isLessThan(1e-6);
    assertThat(wrongScale.verdict()).isEqualTo(CheckVerdict.MISMATCH);
    assertThat(wrongScale.cosine()).isCloseTo(1.0, within(1e-6));
    assertThat(wrongScale.relativeError()).isCloseTo(0.5, within(1e-6)); // (3−1)/(3+1)
  }

  // ---- the MLP with a hand-written backward pass ----

  private static final int[] SIZES = {4, 5, 5, 3};
  private static final int BATCH = 8;

  private record Net(Mlp mlp, double[][] x, int[] y) {
    LossFunction loss() {
      return () -> mlp.loss(x, y);
    }
  }

  private static Net net(Hidden hidden, long seed) {
    return new Net(new Mlp(SIZES, hidden, seed), Mlp.inputs(BATCH, SIZES[0], seed + 1),
        Mlp.labels(BATCH, SIZES[3], seed + 2));
  }

  private static Map<String, GradientCheck> byName(List<GradientCheck> checks) {
    Map<String, GradientCheck> out = new LinkedHashMap<>();
    checks.forEach(c -> out.put(c.tensor(), c));
    return out;
  }

  @ParameterizedTest
  @MethodSource("hiddenKinds")
  void should_agree_on_every_tensor_when_backward_pass_is_correct(Hidden hidden) {
    Net net = net(hidden, 11);

    List<GradientCheck> gradients = checker.checkGradients(
        1, net.mlp().parameterGradients(net.x(), net.y(), Bug.NONE), net.loss());
    List<GradientCheck> updates = checker.checkUpdates(1, sgdUpdates(net, Bug.NONE, 0.1),
        net.loss());

    assertThat(gradients).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.AGREES);
    assertThat(gradients).allSatisfy(c -> assertThat(c.relativeError()).isLessThan(1e-5));
    assertThat(updates).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.AGREES);
    assertThat(updates).allSatisfy(
        c -> assertThat(c.effectiveLearningRate()).isCloseTo(0.1, within(1e-5)));
  }

  static Stream<Hidden> hiddenKinds() {
    return Stream.of(Hidden.TANH, Hidden.SIGMOID);
  }

  static Stream<Arguments> bugs() {
    return Stream.of(
        Arguments.of(Bug.SIGN_FLIP, Set.of("w1", "b1", "w2", "b2", "w3", "b3")),
        Arguments.of(Bug.MISSING_ACTIVATION_DERIVATIVE, Set.of("w1", "b1")),
        Arguments.of(Bug.DERIVATIVE_APPLIED_TWICE, Set.of("w1", "b1", "w2", "b2")),
        Arguments.of(Bug.WRONG_TRANSPOSE, Set.of("w1", "b1")),
        Arguments.of(Bug.BIAS_FROM_ONE_EXAMPLE, Set.of("b3")),
        Arguments.of(Bug.LAYER_NOT_AVERAGED, Set.of("w2")));
  }

  @ParameterizedTest
  @MethodSource("bugs")
  void should_flag_exactly_the_affected_tensors_when_a_backprop_bug_is_injected(
      Bug bug, Set<String> affected) {
    // GIVEN a correct forward pass and a backward pass with one bug
    Net net = net(Hidden.TANH, 23);

    // WHEN the analytic gradients are checked
    Map<String, GradientCheck> checks = byName(checker.checkGradients(
        1, net.mlp().parameterGradients(net.x(), net.y(), bug), net.loss()));

    // THEN the tensors the bug touches are flagged and the others agree
    checks.forEach((name, check) -> {
      if (affected.contains(name)) {
        assertThat(check.verdict()).as("%s under %s: %s", name, bug, check).isIn(FLAGGED);
      } else {
        assertThat(check.verdict()).as("%s under %s: %s", name, bug, check)
            .isEqualTo(CheckVerdict.AGREES);
      }
    });
  }

  @Test
  void should_say_climbs_when_the_sgd_update_has_a_sign_flip() {
    Net net = net(Hidden.SIGMOID, 5);

    List<GradientCheck> checks =
        checker.checkUpdates(1, sgdUpdates(net, Bug.SIGN_FLIP, 0.5), net.loss());

    assertThat(checks).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.CLIMBS);
    assertThat(checks).allSatisfy(c -> assertThat(c.cosine()).isCloseTo(-1.0, within(1e-5)));
  }

  @Test
  void should_expose_unaveraged_layer_through_effective_learning_rate_when_checking_updates() {
    // A layer summed over the batch still points downhill; its effective learning rate is BATCH x
    // the others' — the number the rules engine compares across tensors.
    Net net = net(Hidden.TANH, 29);

    Map<String, GradientCheck> checks = byName(
        checker.checkUpdates(1, sgdUpdates(net, Bug.LAYER_NOT_AVERAGED, 0.1), net.loss()));

    assertThat(checks.get("w2").verdict()).isEqualTo(CheckVerdict.AGREES);
    assertThat(checks.get("w2").effectiveLearningRate()).isCloseTo(0.1 * BATCH, within(1e-4));
    assertThat(checks.get("w1").effectiveLearningRate()).isCloseTo(0.1, within(1e-5));
  }

  static List<ParameterUpdate> sgdUpdates(Net net, Bug bug, double learningRate) {
    List<ParameterUpdate> out = new ArrayList<>();
    for (ParameterGradient g : net.mlp().parameterGradients(net.x(), net.y(), bug)) {
      double[] delta = g.gradient().clone();
      for (int i = 0; i < delta.length; i++) {
        delta[i] *= -learningRate;
      }
      out.add(new ParameterUpdate(g.parameter(), delta));
    }
    return out;
  }
}
