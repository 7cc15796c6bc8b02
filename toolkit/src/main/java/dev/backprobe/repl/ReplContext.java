package dev.backprobe.repl;

import dev.backprobe.probe.ProbeResult;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorTrace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a command works with: the session, the step being looked at, the commands (for help) and the
 * output, where every line is kept within {@link Text#WIDTH} columns.
 */
public final class ReplContext {

  private final Session session;
  private final PrintWriter out;
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private int stepIndex;

  ReplContext(Session session, PrintWriter out, List<Command> commands) {
    this.session = session;
    this.out = out;
    commands.forEach(c -> this.commands.put(c.name(), c));
    this.stepIndex = steps().size() - 1;
  }

  public Session session() {
    return session;
  }

  Map<String, Command> commands() {
    return Collections.unmodifiableMap(commands);
  }

  /** Prints a line, wrapped to the terminal width (continuation lines indented by 2). */
  public void println(String line) {
    for (String wrapped : Text.wrap(line, 2)) {
      out.println(wrapped);
    }
  }

  /** Prints text wrapped with the given indent for continuation lines. */
  public void println(String line, int indent) {
    for (String wrapped : Text.wrap(line, indent)) {
      out.println(wrapped);
    }
  }

  public void println() {
    out.println();
  }

  /** Writes without a newline (progress bars). */
  void print(String text) {
    out.print(text);
    out.flush();
  }

  void flush() {
    out.flush();
  }

  /** The captured steps of the trace. */
  List<StepTrace> steps() {
    List<StepTrace> steps = session.trace().steps();
    return steps == null ? List.of() : steps;
  }

  /** The step the commands look at: the last captured one unless {@code at} chose another. */
  StepTrace current() {
    List<StepTrace> steps = steps();
    if (steps.isEmpty()) {
      throw new CommandException("the trace holds no captured step");
    }
    return steps.get(Math.min(stepIndex, steps.size() - 1));
  }

  /** Looks at the captured step with this number. */
  void select(int step) {
    List<StepTrace> steps = steps();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).step() == step) {
        stepIndex = i;
        return;
      }
    }
    List<String> captured = new ArrayList<>();
    steps.forEach(s -> captured.add(String.valueOf(s.step())));
    throw new CommandException(
        "step " + step + " was not captured; captured steps: " + String.join(", ", captured));
  }

  /** Looks at the last captured step (after a live step). */
  void selectLast() {
    stepIndex = steps().size() - 1;
  }

  /** Every tensor name in the trace, in first-seen order. */
  Set<String> tensorNames() {
    Set<String> names = new LinkedHashSet<>();
    for (StepTrace step : steps()) {
      if (step.tensors() != null) {
        step.tensors().forEach(t -> names.add(t.name()));
      }
    }
    return names;
  }

  /** The tensor the user named, at the current step. */
  TensorTrace tensor(String typed) {
    String name = Names.resolve(typed, tensorNames(), "tensor");
    StepTrace step = current();
    if (step.tensors() != null) {
      for (TensorTrace t : step.tensors()) {
        if (t.name().equals(name)) {
          return t;
        }
      }
    }
    List<String> seen = new ArrayList<>();
    for (StepTrace s : steps()) {
      if (s.tensors() != null && s.tensors().stream().anyMatch(t -> t.name().equals(name))) {
        seen.add(String.valueOf(s.step()));
      }
    }
    throw new CommandException(
        name
            + " was not captured at step "
            + step.step()
            + "; it was at step "
            + String.join(", ", seen)
            + " (use `at N`)");
  }

  /** The probed methods. */
  List<ProbeResult> probes() {
    List<ProbeResult> probes = session.trace().probes();
    return probes == null ? List.of() : probes;
  }
}
