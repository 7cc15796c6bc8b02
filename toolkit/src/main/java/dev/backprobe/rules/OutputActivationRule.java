package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.rules.TraceData.Seen;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code output-activation}: the output activation cannot serve the targets. Two ways: the targets
 * lie outside the activation's range (an error: no weights can fit them), or the outputs sit in the
 * activation's flat or leaky part — ReLU outputs at 0, leaky-ReLU outputs negative, sigmoid/tanh
 * outputs at an asymptote — over consecutive captured steps while most targets do not (a warning).
 * For ReLU and leaky ReLU the output's sign is its pre-activation's, so the output's own statistics
 * tell where its pre-activations are.
 */
public final class OutputActivationRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.OUTPUT_ACTIVATION,
          Severity.WARNING,
          "The output activation cannot serve the loss and its targets.",
          "The output tensor's activation kind and range against the targets' range; and the share"
              + " of outputs in the activation's flat or leaky part (ReLU at 0, leaky ReLU below 0,"
              + " sigmoid/tanh at an asymptote) against the targets', over consecutive captured"
              + " steps.",
          List.of(
              "a ReLU or leaky ReLU on a regression output (every layer got the same activation)",
              "a sigmoid output for targets outside (0, 1)",
              "an output layer whose pre-activations all went negative (with a tiny learning rate"
                  + " it never comes back)"),
          "Use a linear (identity) output for regression; keep ReLU/sigmoid outputs for targets in"
              + " their range; re-initialise so output pre-activations start centred.",
          List.of(
              Thresholds.TARGET_RANGE_TOLERANCE,
              Thresholds.OUTPUT_PINNED_SHARE,
              Thresholds.TARGET_FLAT_SHARE,
              Thresholds.PERSISTENT_STEPS),
          "Severity error when the targets lie outside the activation's range; warning when the"
              + " outputs are pinned in the flat part.");

  private static final List<ActivationKind> CHECKED =
      List.of(ActivationKind.RELU, ActivationKind.LEAKY_RELU, ActivationKind.SIGMOID,
          ActivationKind.TANH, ActivationKind.SOFTPLUS);

  @Override
  public RuleId id() {
    return RuleId.OUTPUT_ACTIVATION;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<Seen>> entry : TraceData.byName(trace).entrySet()) {
      List<Seen> outputs = entry.getValue().stream()
          .filter(s -> s.tensor().role() == TensorRole.OUTPUT
              && CHECKED.contains(ActivationKind.fromId(s.tensor().kind()))
              && target(s.step(), s.tensor()).isPresent())
          .toList();
      if (outputs.isEmpty()) {
        continue;
      }
      Finding range = outOfRange(outputs);
      if (range != null) {
        findings.add(range);
        continue;
      }
      List<Seen> pinned = Persistence.firstRun(outputs, OutputActivationRule::pinned);
      if (!pinned.isEmpty()) {
        findings.add(pinnedFinding(pinned));
      }
    }
    return findings;
  }

  /** The step's target tensor: one of the output's shape if there is one, else the first. */
  private static Optional<TensorTrace> target(StepTrace step, TensorTrace output) {
    List<TensorTrace> targets = TraceData.withRole(step, TensorRole.TARGET).stream()
        .filter(t -> t.stats() != null).toList();
    return targets.stream()
        .filter(t -> java.util.Arrays.equals(t.shape(), output.shape()))
        .findFirst()
        .or(() -> targets.stream().findFirst());
  }

  private static Finding outOfRange(List<Seen> outputs) {
    for (Seen seen : outputs) {
      ActivationKind kind = ActivationKind.fromId(seen.tensor().kind());
      TensorStats target = target(seen.step(), seen.tensor()).orElseThrow().stats();
      double tolerance = Thresholds.TARGET_RANGE_TOLERANCE.value();
      boolean below = target.min() < kind.lowerBound() - tolerance;
      boolean above = target.max() > kind.upperBound() + tolerance;
      if (below || above) {
        return rangeFinding(seen, kind, target);
      }
    }
    return null;
  }

  /** Share of the output in the activation's flat (or leaky) part, and the targets' share there. */
  private static double[] flatShares(Seen seen) {
    ActivationKind kind = ActivationKind.fromId(seen.tensor().kind());
    TensorStats out = seen.tensor().stats();
    TensorStats target = target(seen.step(), seen.tensor()).orElseThrow().stats();
    return switch (kind) {
      case RELU -> new double[] {out.zeroShare(), target.zeroShare() + target.negativeShare()};
      case LEAKY_RELU -> new double[] {out.negativeShare(), target.negativeShare()};
      case SIGMOID -> new double[] {
          out.nearZeroShare() + out.nearOneShare(), target.nearZeroShare() + target.nearOneShare()};
      case TANH -> new double[] {
          out.nearMinusOneShare() + out.nearOneShare(),
          target.nearMinusOneShare() + target.nearOneShare()};
      default -> new double[] {0, 1};
    };
  }

  private static boolean pinned(Seen seen) {
    double[] shares = flatShares(seen);
    return shares[0] >= Thresholds.OUTPUT_PINNED_SHARE.value()
        && shares[1] < Thresholds.TARGET_FLAT_SHARE.value();
  }

  private static String flatPart(ActivationKind kind) {
    return switch (kind) {
      case RELU -> "are 0 (every output pre-activation is ≤ 0)";
      case LEAKY_RELU -> "are negative (every output pre-activation is below 0, in the leaky part)";
      default -> "sit at an asymptote";
    };
  }

  private static Finding pinnedFinding(List<Seen> run) {
    Seen first = run.get(0);
    TensorTrace output = first.tensor();
    ActivationKind kind = ActivationKind.fromId(output.kind());
    TensorStats target = target(first.step(), output).orElseThrow().stats();
    double[] shares = flatShares(first);
    return FindingBuilder.of(RuleId.OUTPUT_ACTIVATION, Severity.WARNING)
        .step(first.step().step())
        .subject(output.name())
        .location(output.location())
        .message(Numbers.percent(shares[0]) + " of the " + kind.id() + " outputs of "
            + Names.shortName(output.name()) + " " + flatPart(kind) + " while the targets lie in ["
            + Numbers.compact(target.min()) + ", " + Numbers.compact(target.max()) + "]: the"
            + " output cannot follow them")
        .hint(hint(kind))
        .evidence("kind", kind.id())
        .evidence("outputFlatShare", shares[0])
        .evidence("targetFlatShare", shares[1])
        .evidence("targetMin", target.min())
        .evidence("targetMax", target.max())
        .evidence("consecutiveSteps", run.stream().map(s -> s.step().step()).toList())
        .threshold(Thresholds.OUTPUT_PINNED_SHARE)
        .build();
  }

  private static Finding rangeFinding(Seen seen, ActivationKind kind, TensorStats target) {
    TensorTrace output = seen.tensor();
    return FindingBuilder.of(RuleId.OUTPUT_ACTIVATION, Severity.ERROR)
        .step(seen.step().step())
        .subject(output.name())
        .location(output.location())
        .message("the " + kind.id() + " output of " + Names.shortName(output.name())
            + " can only produce values in " + range(kind) + " but the targets lie in ["
            + Numbers.compact(target.min()) + ", " + Numbers.compact(target.max()) + "]")
        .hint(hint(kind))
        .evidence("kind", kind.id())
        .evidence("outputLowerBound", kind.lowerBound())
        .evidence("outputUpperBound", kind.upperBound())
        .evidence("targetMin", target.min())
        .evidence("targetMax", target.max())
        .threshold(Thresholds.TARGET_RANGE_TOLERANCE)
        .build();
  }

  private static String range(ActivationKind kind) {
    return "[" + Numbers.compact(kind.lowerBound()) + ", " + Numbers.compact(kind.upperBound())
        + ")";
  }

  private static String hint(ActivationKind kind) {
    return kind == ActivationKind.SIGMOID || kind == ActivationKind.TANH
        ? "rescale the targets into the activation's range, or use a linear output for regression"
        : "use a linear (identity) output for regression; a " + kind.id() + " output cannot go"
            + " where the targets are";
  }
}
