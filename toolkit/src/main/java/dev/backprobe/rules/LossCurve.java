package dev.backprobe.rules;

import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The loss over a run: every step's loss when the trace has them, else the captured steps'. Its
 * early and late levels are medians of the first and last quarter of the points, so that one noisy
 * minibatch does not decide anything.
 */
final class LossCurve {
  private final List<LossPoint> points;

  private LossCurve(List<LossPoint> points) {
    this.points = points;
  }

  static LossCurve of(Trace trace) {
    List<LossPoint> points = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    if (trace.losses() != null) {
      trace.losses().stream().filter(p -> p != null && seen.add(p.step())).forEach(points::add);
    }
    // A captured step's loss is the loss before it ran, i.e. after step − 1 steps, which is how the
    // trace's own loss points count. It adds the start of the run when the trainer prints its loss
    // only every few hundred steps (seed 000 climbs from 9.4 to 17.7 before its first print).
    for (StepTrace step : TraceData.steps(trace)) {
      if (step.loss() != null && seen.add(step.step() - 1)) {
        points.add(new LossPoint(step.step() - 1, step.loss()));
      }
    }
    points.sort((a, b) -> Integer.compare(a.step(), b.step()));
    return new LossCurve(List.copyOf(points));
  }

  List<LossPoint> points() {
    return points;
  }

  boolean isEmpty() {
    return points.isEmpty();
  }

  /** The first point whose loss is NaN or infinite. */
  Optional<LossPoint> firstNonFinite() {
    return points.stream().filter(p -> !Double.isFinite(p.loss())).findFirst();
  }

  /** The finite points. */
  List<LossPoint> finite() {
    return points.stream().filter(p -> Double.isFinite(p.loss())).toList();
  }

  /**
   * The median of each quarter of the finite points (four values), or, with fewer than four points,
   * the points themselves repeated so that quarter 1 is the first and quarter 4 the last.
   */
  double[] quarterMedians() {
    List<LossPoint> finite = finite();
    int n = finite.size();
    if (n == 0) {
      return new double[0];
    }
    double[] medians = new double[4];
    for (int q = 0; q < 4; q++) {
      int from = n >= 4 ? q * n / 4 : Math.min(n - 1, q * (n - 1) / 3);
      int to = n >= 4 ? (q + 1) * n / 4 : from + 1;
      medians[q] = median(finite.subList(from, to));
    }
    return medians;
  }

  /** Steps covered by quarter {@code q} (0-based), for messages: {@code [first, last]}. */
  int[] quarterSteps(int q) {
    List<LossPoint> finite = finite();
    int n = finite.size();
    int from = n >= 4 ? q * n / 4 : Math.min(n - 1, q * (n - 1) / 3);
    int to = n >= 4 ? (q + 1) * n / 4 : from + 1;
    return new int[] {finite.get(from).step(), finite.get(to - 1).step()};
  }

  /**
   * |late − early| / |early| with early and late the first and last quarter medians; NaN with no
   * finite point.
   */
  double relativeChange() {
    double[] q = quarterMedians();
    if (q.length == 0) {
      return Double.NaN;
    }
    return Math.abs(q[3] - q[0]) / Math.max(Math.abs(q[0]), Double.MIN_NORMAL);
  }

  /** Whether the late loss fell to at most {@code fraction} of the early loss. */
  boolean fellTo(double fraction) {
    double[] q = quarterMedians();
    return q.length == 4 && points.size() >= 2 && q[3] <= fraction * q[0];
  }

  private static double median(List<LossPoint> points) {
    double[] values = points.stream().mapToDouble(LossPoint::loss).toArray();
    Arrays.sort(values);
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
