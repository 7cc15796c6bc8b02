package dev.backprobe.rules;

import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Null-safe access to a trace's parts, shared by the rules: a missing list reads as empty. */
final class TraceData {

  private TraceData() {}

  static List<StepTrace> steps(Trace trace) {
    return trace == null || trace.steps() == null ? List.of() : nonNull(trace.steps());
  }

  static List<TensorTrace> tensors(StepTrace step) {
    return step.tensors() == null ? List.of() : nonNull(step.tensors());
  }

  static List<GradientCheck> checks(StepTrace step) {
    return step.checks() == null ? List.of() : nonNull(step.checks());
  }

  static List<TensorTrace> withRole(StepTrace step, TensorRole role) {
    return tensors(step).stream().filter(t -> t.role() == role).toList();
  }

  static Optional<TensorTrace> tensor(StepTrace step, String name) {
    return tensors(step).stream().filter(t -> name != null && name.equals(t.name())).findFirst();
  }

  /** Where a tensor was seen at a step (for a parameter: where the step wrote it), or null. */
  static SourceLocation locationOf(StepTrace step, String name) {
    return tensor(step, name).map(TensorTrace::location).orElse(null);
  }

  /**
   * Each tensor name with its appearances, in order of first appearance; a tensor's list holds one
   * entry per captured step it was seen at, in step order.
   */
  static Map<String, List<Seen>> byName(Trace trace) {
    Map<String, List<Seen>> seen = new LinkedHashMap<>();
    List<StepTrace> steps = steps(trace);
    for (int i = 0; i < steps.size(); i++) {
      for (TensorTrace tensor : tensors(steps.get(i))) {
        if (tensor.name() != null && tensor.stats() != null) {
          seen.computeIfAbsent(tensor.name(), n -> new ArrayList<>())
              .add(new Seen(i, steps.get(i), tensor));
        }
      }
    }
    return seen;
  }

  /** A {@code pkg.Class#method} reference as a location without file or line, or null. */
  static SourceLocation methodLocation(Trace trace, String reference) {
    if (reference == null || reference.isBlank()) {
      return null;
    }
    SourceLocation declared = trace.run() == null ? null : trace.run().declaration(reference);
    if (declared != null) {
      return declared;
    }
    int hash = reference.indexOf('#');
    return hash < 0
        ? new SourceLocation(reference, null, null, 0)
        : new SourceLocation(reference.substring(0, hash), reference.substring(hash + 1), null, 0);
  }

  /** A shape as {@code 30×10}. */
  static String shape(int[] shape) {
    if (shape == null || shape.length == 0) {
      return "?";
    }
    StringBuilder text = new StringBuilder();
    for (int d : shape) {
      if (text.length() > 0) {
        text.append('×');
      }
      text.append(d);
    }
    return text.toString();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list.stream().filter(x -> x != null).toList();
  }

  /**
   * A tensor as seen at one captured step.
   *
   * @param index the step's position among the captured steps (consecutive captures differ by 1)
   * @param step the step
   * @param tensor the tensor
   */
  record Seen(int index, StepTrace step, TensorTrace tensor) {}
}
