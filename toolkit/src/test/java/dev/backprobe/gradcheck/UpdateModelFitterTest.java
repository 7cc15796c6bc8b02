package dev.backprobe.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backprobe.gradcheck.Mlp.Bug;
import dev.backprobe.gradcheck.Mlp.Hidden;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateModelFitterTest {

  /** The optimizers a hand-written trainer uses, optionally with a bug. */
  enum Optimizer { SGD, MOMENTUM, ADAM, ADAM_SIGN_BUG, SGD_BIAS_BUG }

  private static final int STEPS = 4;

  /**
   * Trains a net for {@link #STEPS} steps with {@code optimizer}; before each step the checker
   * measures the numeric gradient, after it the update is recorded. Returns the fits per tensor.
   */
  private static Map<String, UpdateModelFit> train(
      Optimizer optimizer, int[] sizes, int coordinateLimit) {
    Mlp mlp = new Mlp(sizes, Hidden.TANH, 13);
    double[][] x = Mlp.inputs(12, sizes[0], 14);
    int[] y = Mlp.labels(12, sizes[sizes.length - 1], 15);
    CheckSettings settings = CheckSettings.defaults().withCoordinateLimit(coordinateLimit);
    GradientChecker checker = new GradientChecker(settings);
    Map<String, double[]> velocity = new HashMap<>();
    Map<String, double[]> m = new HashMap<>();
    Map<String, double[]> v = new HashMap<>();
    Map<String, List<UpdateObservation>> observations = new LinkedHashMap<>();
    for (int step = 1; step <= STEPS; step++) {
      Bug bug = optimizer == Optimizer.SGD_BIAS_BUG ? Bug.BIAS_FROM_ONE_EXAMPLE : Bug.NONE;
      Map<String, double[]> grads = mlp.gradients(x, y, bug);
      List<ParameterUpdate> updates = new ArrayList<>();
      for (Parameter p : mlp.parameters()) {
        double[] g = grads.get(p.name());
        double[] delta = switch (optimizer) {
          case SGD, SGD_BIAS_BUG -> scale(g, -0.3);
          case MOMENTUM -> momentum(velocity.computeIfAbsent(p.name(), k -> new double[g.length]),
              g);
          case ADAM, ADAM_SIGN_BUG -> adam(m.computeIfAbsent(p.name(), k -> new double[g.length]),
              v.computeIfAbsent(p.name(), k -> new double[g.length]), g, step,
              optimizer == Optimizer.ADAM_SIGN_BUG);
        };
        updates.add(new ParameterUpdate(p, delta));
      }
      CheckRun run = checker.runUpdates(step, updates, () -> mlp.loss(x, y), null);
      for (int t = 0; t < updates.size(); t++) {
        ParameterUpdate u = updates.get(t);
        observations.computeIfAbsent(u.parameter().name(), k -> new ArrayList<>())
            .add(new UpdateObservation(step, u.delta(), run.tensors().get(t).gradient()));
        double[] after = u.parameter().values().toArray();
        for (int i = 0; i < after.length; i++) {
          after[i] += u.delta()[i];
        }
        u.parameter().values().copyFrom(after);
      }
    }
    UpdateModelFitter fitter = new UpdateModelFitter(settings);
    Map<String, UpdateModelFit> fits = new LinkedHashMap<>();
    observations.forEach((name, list) -> fits.put(name, fitter.fit(name, list)));
    return fits;
  }

  private static double[] scale(double[] g, double factor) {
    double[] out = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      out[i] = factor * g[i];
    }
    return out;
  }

  /** v ← 0.9·v − 0.2·g; Δθ = v (modifies {@code velocity}). */
  private static double[] momentum(double[] velocity, double[] g) {
    for (int i = 0; i < g.length; i++) {
      velocity[i] = 0.9 * velocity[i] - 0.2 * g[i];
    }
    return velocity.clone();
  }

  /** Adam (Kingma & Ba 2015) with η = 0.01; modifies {@code m} and {@code v}. */
  private static double[] adam(double[] m, double[] v, double[] g, int step, boolean signBug) {
    double[] delta = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      double mHat = m[i] / (1 - Math.pow(0.9, step));
      double vHat = v[i] / (1 - Math.pow(0.999, step));
      delta[i] = (signBug ? 1 : -1) * 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
    }
    return delta;
  }

  private static final int[] SMALL = {4, 5, 5, 3};
  private static final int[] WIDE = {20, 30, 10};

  @ParameterizedTest
  @ValueSource(ints = {1_000, 0})
  void should_recognise_plain_sgd_when_every_step_is_minus_eta_g(int coordinateLimit) {
    Map<String, UpdateModelFit> fits = train(Optimizer.SGD, WIDE, coordinateLimit);

    assertThat(fits.values()).allSatisfy(f -> {
      assertThat(f.model()).as(f.toString()).isEqualTo(UpdateModel.SGD);
      assertThat(f.verdict()).isEqualTo(CheckVerdict.AGREES);
      assertThat(f.learningRate()).isCloseTo(0.3, within(1e-3));
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 0})
  void should_not_flag_a_momentum_trainer_and_should_recover_its_coefficients(
      int coordinateLimit) {
    Map<String, UpdateModelFit> fits = train(Optimizer.MOMENTUM, WIDE, coordinateLimit);

    assertThat(fits.values()).allSatisfy(f -> {
      assertThat(f.model()).as(f.toString()).isEqualTo(UpdateModel.MOMENTUM);
      assertThat(f.verdict()).isEqualTo(CheckVerdict.AGREES);
      assertThat(f.learningRate()).isCloseTo(0.2, within(2e-3));
      assertThat(f.momentum()).isCloseTo(0.9, within(1e-2));
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 0})
  void should_not_flag_an_adam_trainer(int coordinateLimit) {
    Map<String, UpdateModelFit> fits = train(Optimizer.ADAM, WIDE, coordinateLimit);

    assertThat(fits.values()).allSatisfy(f -> {
      assertThat(f.model()).as(f.toString()).isEqualTo(UpdateModel.ADAPTIVE);
      assertThat(f.verdict()).as(f.toString()).isEqualTo(CheckVerdict.AGREES);
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 0})
  void should_flag_an_adam_trainer_with_a_sign_bug(int coordinateLimit) {
    Map<String, UpdateModelFit> fits = train(Optimizer.ADAM_SIGN_BUG, WIDE, coordinateLimit);

    assertThat(fits.values()).allSatisfy(
        f -> assertThat(f.verdict()).as(f.toString()).isEqualTo(CheckVerdict.CLIMBS));
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 0})
  void should_not_excuse_a_wrong_sgd_bias_update_as_adaptive(int coordinateLimit) {
    Map<String, UpdateModelFit> fits = train(Optimizer.SGD_BIAS_BUG, SMALL, coordinateLimit);

    assertThat(fits.get("b3").verdict()).as(fits.get("b3").toString())
        .isIn(CheckVerdict.MISMATCH, CheckVerdict.CLIMBS);
    assertThat(fits.get("w3").verdict()).isEqualTo(CheckVerdict.AGREES);
    assertThat(fits.get("w1").model()).isEqualTo(UpdateModel.SGD);
  }
}
