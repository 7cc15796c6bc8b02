package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.tensor.StatsAccumulator;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelStateTest {

  @Test
  void should_drop_a_changed_tensor_that_the_loss_does_not_read() {
    // GIVEN the loss moves along w, not along the cache the step rewrites
    StepTrace step =
        step(1, List.of(parameter("w"), parameter("cache")), List.of(read("w"), ignored("cache")));

    // WHEN
    List<StepTrace> kept = ModelState.parametersOnly(List.of(step));

    // THEN
    assertThat(kept.get(0).tensors()).extracting(TensorTrace::name).containsExactly("w");
    assertThat(kept.get(0).checks()).extracting(GradientCheck::tensor).containsExactly("w");
  }

  @Test
  void should_keep_every_tensor_when_the_loss_is_flat_along_all_of_them() {
    // GIVEN a loss stuck at a clamped log's floor: every finite difference is exactly zero
    StepTrace step =
        step(
            100,
            List.of(parameter("w1"), parameter("w2")),
            List.of(ignored("w1"), ignored("w2")));

    // WHEN
    List<StepTrace> kept = ModelState.parametersOnly(List.of(step));

    // THEN the weights stay parameters, so that the ratio rules still see them grow
    assertThat(kept.get(0).tensors()).extracting(TensorTrace::name).containsExactly("w1", "w2");
  }

  @Test
  void should_still_drop_a_tensor_ignored_at_a_step_where_the_loss_moved() {
    StepTrace flat =
        step(2, List.of(parameter("w"), parameter("cache")), List.of(ignored("w"), ignored("cache")));
    StepTrace moving =
        step(3, List.of(parameter("w"), parameter("cache")), List.of(read("w"), ignored("cache")));

    List<StepTrace> kept = ModelState.parametersOnly(List.of(flat, moving));

    assertThat(kept).allSatisfy(
        s -> assertThat(s.tensors()).extracting(TensorTrace::name).containsExactly("w"));
  }

  private static StepTrace step(int n, List<TensorTrace> tensors, List<GradientCheck> checks) {
    return new StepTrace(n, 1.0, tensors, checks, List.of(), null);
  }

  private static TensorTrace parameter(String name) {
    return new TensorTrace(
        name, TensorRole.PARAMETER, null, new int[] {2}, "double[]", null,
        StatsAccumulator.of(new double[] {1, 2}), null, null, null,
        StatsAccumulator.of(new double[] {0.1, -0.1}), 0.05);
  }

  private static GradientCheck read(String tensor) {
    return check(tensor, 0.8, CheckVerdict.AGREES);
  }

  private static GradientCheck ignored(String tensor) {
    return check(tensor, 0, CheckVerdict.BELOW_NOISE_FLOOR);
  }

  private static GradientCheck check(String tensor, double gradientNorm, CheckVerdict verdict) {
    return new GradientCheck(
        tensor, 1, CheckSubject.UPDATE, CheckMode.COORDINATES, 2, 4, gradientNorm == 0 ? Double.NaN
            : 1.0, 1e-9, 0.1, -gradientNorm, gradientNorm, 0.14, 1e-10, 0, 0, verdict);
  }
}
