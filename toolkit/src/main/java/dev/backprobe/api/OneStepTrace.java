package dev.backprobe.api;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.model.DiscoveredTensor;
import dev.backprobe.model.ModelState;
import dev.backprobe.model.StepVerification;
import dev.backprobe.model.TensorDelta;
import dev.backprobe.tensor.StatsAccumulator;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the one-step {@link Trace} the rules run on from what the API saw: the parameters before
 * the step with their update statistics, and the gradient checks.
 */
final class OneStepTrace {

  /**
   * Tensors up to this many values keep their values in the trace, as the agent keeps "small
   * tensors" (DESIGN.md): 4096 values (32 KiB) is a 64×64 matrix, enough for every toy net a unit
   * test builds and small enough to keep a report light.
   */
  static final int SMALL_TENSOR_VALUES = 4096;

  static final String STEP_REASON = "given as a lambda to Backprobe.model(…).step(…)";
  static final String LOSS_REASON = "given as a lambda to Backprobe.model(…).loss(…)";

  private OneStepTrace() {}

  /** The trace of one verified step. */
  static Trace ofStep(Object model, StepVerification v, long wallMillis, List<String> problems) {
    Set<String> unread = Set.copyOf(v.unreadByLoss());
    List<TensorTrace> tensors = new ArrayList<>();
    for (TensorDelta delta : v.deltas()) {
      DiscoveredTensor tensor = delta.tensor();
      double[] values = v.before().values(tensor.name()).orElseThrow();
      boolean parameter = delta.changed() && !unread.contains(tensor.name());
      tensors.add(tensorTrace(tensor, values, parameter ? delta.delta() : null));
    }
    List<LossPoint> losses = new ArrayList<>();
    losses.add(new LossPoint(1, v.lossBefore()));
    losses.add(new LossPoint(2, v.lossAfter()));
    StepTrace step =
        new StepTrace(1, v.lossBefore(), tensors, v.checks(), List.of(), nanOrigin(v.after()));
    return new Trace(runInfo(model, true, wallMillis, problems), losses, List.of(step), List.of());
  }

  /** The trace of one analytic-gradient check at the model's current parameters. */
  static Trace ofGradient(
      Object model,
      ModelState state,
      Map<String, DiscoveredTensor> checked,
      double loss,
      List<GradientCheck> checks,
      long wallMillis,
      List<String> problems) {
    List<TensorTrace> tensors = new ArrayList<>();
    for (DiscoveredTensor tensor : state.tensors()) {
      double[] values = state.values(tensor.name()).orElseThrow();
      TensorTrace trace = tensorTrace(tensor, values, null);
      if (checked.containsKey(tensor.name())) {
        trace = withRole(trace, TensorRole.PARAMETER);
      }
      tensors.add(trace);
    }
    StepTrace step = new StepTrace(1, loss, tensors, checks, List.of(), nanOrigin(state));
    return new Trace(runInfo(model, false, wallMillis, problems),
        List.of(new LossPoint(1, loss)), List.of(step), List.of());
  }

  private static TensorTrace tensorTrace(DiscoveredTensor tensor, double[] values, double[] delta) {
    TensorStats stats = StatsAccumulator.of(values);
    TensorStats update = delta == null ? null : StatsAccumulator.of(delta);
    Double ratio = null;
    if (update != null) {
      ratio = stats.l2Norm() == 0 ? Double.POSITIVE_INFINITY : update.l2Norm() / stats.l2Norm();
    }
    return new TensorTrace(
        tensor.name(),
        delta == null ? TensorRole.INTERMEDIATE : TensorRole.PARAMETER,
        null,
        tensor.shape(),
        tensor.storage(),
        null,
        stats,
        null,
        null,
        values.length <= SMALL_TENSOR_VALUES ? values : null,
        update,
        ratio);
  }

  private static TensorTrace withRole(TensorTrace t, TensorRole role) {
    return new TensorTrace(t.name(), role, t.kind(), t.shape(), t.storage(), t.location(),
        t.stats(), t.units(), t.axisSums(), t.values(), t.update(), t.updateRatio());
  }

  /** The first tensor holding a NaN or an infinity in a state, or null. */
  private static NanOrigin nanOrigin(ModelState state) {
    for (DiscoveredTensor tensor : state.tensors()) {
      TensorStats stats = StatsAccumulator.of(state.values(tensor.name()).orElseThrow());
      if (!stats.allFinite()) {
        return new NanOrigin(tensor.name(), null, stats.nanCount(), stats.infCount());
      }
    }
    return null;
  }

  private static RunInfo runInfo(
      Object model, boolean step, long wallMillis, List<String> problems) {
    String main = model instanceof Class<?> type ? type.getName() : model.getClass().getName();
    return new RunInfo(
        "backprobe",
        Backprobe.version(),
        main,
        null,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Map.of(),
        null,
        null,
        step ? STEP_REASON : null,
        null,
        LOSS_REASON,
        step ? "sgd" : null,
        1,
        List.of(1),
        wallMillis,
        wallMillis,
        problems);
  }
}
