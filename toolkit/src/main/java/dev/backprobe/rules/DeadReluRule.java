package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.rules.TraceData.Seen;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * {@code dead-relu}: ReLU units that output 0 for every example, the same units over consecutive
 * captured steps, on enough examples that a live unit would have fired.
 */
public final class DeadReluRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.DEAD_RELU,
          Severity.WARNING,
          "ReLU units output 0 for every example: they pass no gradient and never recover.",
          "Per unit (column) over the batch, from the activity of each ReLU tensor: units that are"
              + " 0 on every example, the same units over consecutive captured steps.",
          List.of(
              "a learning rate (or an update scale) so large that one step pushes the units'"
                  + " biases far negative",
              "weights or biases initialised negative, or inputs that are all negative",
              "a ReLU on a layer whose pre-activations are centred below 0"),
          "Lower the learning rate (or average the update over the batch), initialise with He"
              + " initialisation and small positive or zero biases, or use a leaky ReLU.",
          List.of(
              Thresholds.DEAD_UNIT_SHARE,
              Thresholds.DEAD_UNIT_MIN_EXAMPLES,
              Thresholds.PERSISTENT_STEPS),
          "Leaky ReLUs never die and are not reported.");

  @Override
  public RuleId id() {
    return RuleId.DEAD_RELU;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<Seen>> tensor : TraceData.byName(trace).entrySet()) {
      List<Seen> relu = tensor.getValue().stream().filter(s -> isRelu(s.tensor())).toList();
      Finding finding = firstDeadRun(relu);
      if (finding != null) {
        findings.add(finding);
      }
    }
    return findings;
  }

  private static boolean isRelu(TensorTrace tensor) {
    return tensor.role() != TensorRole.PARAMETER
        && ActivationKind.fromId(tensor.kind()) == ActivationKind.RELU;
  }

  /** Units that were 0 on every example of this capture; null when unknown. */
  private static BitSet dead(TensorTrace tensor) {
    if (tensor.units() != null && tensor.units().activeShare() != null) {
      double[] active = tensor.units().activeShare();
      BitSet dead = new BitSet(active.length);
      for (int u = 0; u < active.length; u++) {
        if (active[u] <= 0) {
          dead.set(u);
        }
      }
      return dead;
    }
    // Without per-unit activity only a wholly silent tensor is known to be all dead.
    if (tensor.stats() != null && tensor.stats().zeroShare() >= 1.0 && units(tensor) > 0) {
      BitSet dead = new BitSet();
      dead.set(0, units(tensor));
      return dead;
    }
    return null;
  }

  private static int units(TensorTrace tensor) {
    if (tensor.units() != null && tensor.units().activeShare() != null) {
      return tensor.units().units();
    }
    int[] shape = tensor.shape();
    return shape == null || shape.length == 0 ? 0 : shape[shape.length - 1];
  }

  private static int examples(TensorTrace tensor) {
    int[] shape = tensor.shape();
    return shape == null || shape.length < 2 ? 1 : shape[0];
  }

  /**
   * Scans windows of consecutive captures: the units dead in all of them must stay above the share
   * and the window must be long enough in steps and in examples.
   */
  private static Finding firstDeadRun(List<Seen> appearances) {
    int required = (int) Math.min(Thresholds.PERSISTENT_STEPS.value(), appearances.size());
    for (int start = 0; start < appearances.size(); start++) {
      BitSet common = dead(appearances.get(start).tensor());
      int units = units(appearances.get(start).tensor());
      if (common == null || units == 0) {
        continue;
      }
      int examples = 0;
      List<Seen> window = new ArrayList<>();
      for (int i = start; i < appearances.size(); i++) {
        Seen seen = appearances.get(i);
        BitSet dead = dead(seen.tensor());
        boolean consecutive = window.isEmpty()
            || seen.index() == window.get(window.size() - 1).index() + 1;
        if (dead == null || !consecutive || units(seen.tensor()) != units) {
          break;
        }
        BitSet next = (BitSet) common.clone();
        next.and(dead);
        if (next.cardinality() < Thresholds.DEAD_UNIT_SHARE.value() * units) {
          break;
        }
        common = next;
        examples += examples(seen.tensor());
        window.add(seen);
      }
      if (window.size() >= required && examples >= Thresholds.DEAD_UNIT_MIN_EXAMPLES.value()) {
        return finding(window, common, units, examples);
      }
    }
    return null;
  }

  private static Finding finding(List<Seen> window, BitSet dead, int units, int examples) {
    TensorTrace tensor = window.get(0).tensor();
    int count = dead.cardinality();
    double share = (double) count / units;
    int from = window.get(0).step().step();
    int to = window.get(window.size() - 1).step().step();
    String what = count == units
        ? "every one of the " + units + " ReLU units of " + Names.shortName(tensor.name())
            + " outputs 0"
        : count + " of " + units + " ReLU units of " + Names.shortName(tensor.name()) + " ("
            + Numbers.percent(share) + ") output 0";
    return FindingBuilder.of(RuleId.DEAD_RELU, Severity.WARNING)
        .step(from)
        .subject(tensor.name())
        .location(tensor.location())
        .message(what + " for all " + examples + " examples of steps " + from + "–" + to
            + ": they pass no gradient and will not recover")
        .hint("lower the learning rate or average the update over the batch; use He"
            + " initialisation with zero or small positive biases, or a leaky ReLU")
        .evidence("deadUnits", count)
        .evidence("units", units)
        .evidence("deadShare", share)
        .evidence("examples", examples)
        .evidence("consecutiveSteps", window.stream().map(s -> s.step().step()).toList())
        .threshold(Thresholds.DEAD_UNIT_SHARE)
        .build();
  }
}
