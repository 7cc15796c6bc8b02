package dev.backprobe.report.page;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trace rearranged for rendering: nulls replaced by empty lists, captured steps in order, and
 * each tensor's traces lined up across those steps. A partial trace (read from a run that failed
 * early) gives empty lists, never an exception.
 */
public final class TraceIndex {

  private final RunInfo run;
  private final List<LossPoint> losses;
  private final List<StepTrace> steps;
  private final List<ProbeResult> probes;
  private final Map<String, TensorTrace[]> tensors = new LinkedHashMap<>();
  private final List<GradientCheck> checks = new ArrayList<>();

  public TraceIndex(Trace trace) {
    Trace t = trace == null ? new Trace(null, null, null, null) : trace;
    this.run = t.run();
    this.losses =
        t.losses() == null
            ? List.of()
            : t.losses().stream().filter(Objects::nonNull)
                .sorted(Comparator.comparingInt(LossPoint::step)).toList();
    this.steps =
        t.steps() == null
            ? List.of()
            : t.steps().stream().filter(Objects::nonNull)
                .sorted(Comparator.comparingInt(StepTrace::step)).toList();
    this.probes =
        t.probes() == null ? List.of() : t.probes().stream().filter(Objects::nonNull).toList();
    index();
  }

  private void index() {
    for (int i = 0; i < steps.size(); i++) {
      StepTrace s = steps.get(i);
      if (s.tensors() != null) {
        for (TensorTrace tensor : s.tensors()) {
          if (tensor == null || tensor.name() == null) {
            continue;
          }
          tensors.computeIfAbsent(tensor.name(), k -> new TensorTrace[steps.size()])[i] = tensor;
        }
      }
      if (s.checks() != null) {
        s.checks().stream().filter(c -> c != null && c.tensor() != null).forEach(checks::add);
      }
    }
  }

  /** Facts about the run, or null when the trace has none. */
  public RunInfo run() {
    return run;
  }

  public List<LossPoint> losses() {
    return losses;
  }

  public List<StepTrace> steps() {
    return steps;
  }

  public List<ProbeResult> probes() {
    return probes;
  }

  public List<GradientCheck> checks() {
    return checks;
  }

  /** Captured step numbers, in order. */
  public int[] stepNumbers() {
    return steps.stream().mapToInt(StepTrace::step).toArray();
  }

  /** Every tensor name, parameters first, then in the order they were first seen. */
  public List<String> tensorNames() {
    List<String> names = new ArrayList<>(tensors.keySet());
    names.sort(Comparator.comparingInt(n -> roleOrder(role(n))));
    return names;
  }

  private static int roleOrder(TensorRole role) {
    if (role == null) {
      return TensorRole.values().length;
    }
    return role.ordinal();
  }

  /** The tensor's trace at each captured step (null where it was not seen). */
  public TensorTrace[] across(String name) {
    TensorTrace[] t = tensors.get(name);
    return t == null ? new TensorTrace[steps.size()] : t;
  }

  /** The last trace seen of a tensor, or null. */
  public TensorTrace latest(String name) {
    TensorTrace[] all = across(name);
    for (int i = all.length - 1; i >= 0; i--) {
      if (all[i] != null) {
        return all[i];
      }
    }
    return null;
  }

  public TensorRole role(String name) {
    TensorTrace t = latest(name);
    return t == null ? null : t.role();
  }

  public boolean hasTensor(String name) {
    return tensors.containsKey(name);
  }
}
