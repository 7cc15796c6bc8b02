package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeVerdict;
import dev.backprobe.probe.ProbeResult;
import dev.backprobe.trace.DerivativeCall;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code derivative-mismatch}: an activation-derivative function is wrong (from probing it against
 * finite differences of its activation), or is fed the activation's output while its formula
 * expects the input, or the reverse (from what it was called with). One finding per method, at its
 * declaration.
 */
public final class DerivativeMismatchRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.DERIVATIVE_MISMATCH,
          Severity.ERROR,
          "An activation-derivative function is wrong, or is fed the activation's output while it"
              + " expects its input (or the reverse).",
          "The pure derivative method is called on a grid and compared with finite differences of"
              + " the activation it belongs to, in both conventions (f'(z), and f' written in"
              + " a = f(z)); at run time Backprobe watches which array it is called with.",
          List.of(
              "σ(x)(σ(x) − 1) instead of σ(x)(1 − σ(x)) (the sign)",
              "1 − tanh(x) instead of 1 − tanh²(x) (a missing square)",
              "sigmoid(x)·(1 − sigmoid(x)) applied to a = σ(z), i.e. σ(σ(z))(1 − σ(σ(z)))",
              "a ReLU step written the wrong way round"),
          "Make the formula the activation's derivative and feed it what it expects: f'(z) needs"
              + " the pre-activation z, the output form (a(1 − a) for the sigmoid, 1 − a² for tanh)"
              + " needs a = f(z).",
          List.of(),
          "The verdict is the activation prober's (DerivativeChecker tolerance on the test grid).");

  @Override
  public RuleId id() {
    return RuleId.DERIVATIVE_MISMATCH;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    List<Finding> findings = new ArrayList<>();
    if (trace.probes() == null) {
      return findings;
    }
    for (ProbeResult probe : trace.probes()) {
      if (probe == null || probe.derivativeOf() == null || probe.method() == null) {
        continue;
      }
      // NOT_CHECKED (a softmax derivative, a function that threw) says nothing about the formula
      boolean wrongFormula =
          probe.verdict() != null
              && probe.verdict() != DerivativeVerdict.CORRECT
              && probe.verdict() != DerivativeVerdict.NOT_CHECKED;
      Misfed misfed = misfed(trace, probe);
      if (wrongFormula || misfed != null) {
        findings.add(finding(probe, wrongFormula, misfed, firstCallStep(trace, probe.method())));
      }
    }
    return findings;
  }

  private static boolean known(DerivativeConvention convention) {
    return convention == DerivativeConvention.OF_INPUT
        || convention == DerivativeConvention.OF_OUTPUT;
  }

  /** The first sign that the derivative was fed the other convention's argument, or null. */
  private static Misfed misfed(Trace trace, ProbeResult probe) {
    if (!known(probe.convention())) {
      return null;
    }
    if (known(probe.calledWith()) && probe.calledWith() != probe.convention()) {
      return new Misfed(probe.calledWith(), null, probe.callSite(), null);
    }
    for (StepTrace step : TraceData.steps(trace)) {
      if (step.derivativeCalls() == null) {
        continue;
      }
      for (DerivativeCall call : step.derivativeCalls()) {
        if (call != null && probe.method().equals(call.method()) && known(call.fed())
            && call.fed() != probe.convention()) {
          return new Misfed(call.fed(), call.argument(), call.callSite(), step.step());
        }
      }
    }
    return null;
  }

  private static Integer firstCallStep(Trace trace, String method) {
    for (StepTrace step : TraceData.steps(trace)) {
      if (step.derivativeCalls() != null
          && step.derivativeCalls().stream().anyMatch(c -> c != null && method.equals(c.method()))) {
        return step.step();
      }
    }
    return null;
  }

  private static Finding finding(
      ProbeResult probe, boolean wrongFormula, Misfed misfed, Integer firstCall) {
    String name = Names.methodName(probe.method());
    String kind = probe.derivativeOf().id();
    List<String> parts = new ArrayList<>();
    if (wrongFormula) {
      parts.add(
          probe.detail() != null && !probe.detail().isBlank()
              ? name + " " + probe.detail()
              : name + " is not the derivative of " + kind + " ("
                  + verdictText(probe.verdict()) + ")");
    }
    if (misfed != null) {
      String fed = misfed.fed() == DerivativeConvention.OF_OUTPUT
          ? "the activation's output" : "the pre-activation";
      String expects = probe.convention() == DerivativeConvention.OF_INPUT
          ? "its input z" : "the output a = f(z)";
      String arg = misfed.argument() == null ? "" : " (" + Names.shortName(misfed.argument()) + ")";
      String at = misfed.callSite() == null ? "" : " at " + misfed.callSite().shortForm();
      parts.add((wrongFormula ? "and " : name + " ") + "is called on " + fed + arg + at
          + " while its formula expects " + expects);
    }
    Integer step = misfed != null && misfed.step() != null ? misfed.step() : firstCall;
    SourceLocation callSite = misfed == null ? probe.callSite() : misfed.callSite();
    return FindingBuilder.of(RuleId.DERIVATIVE_MISMATCH, Severity.ERROR)
        .step(step)
        .subject(probe.method())
        .location(probe.location())
        .message(String.join(", ", parts))
        .hint(hint(probe.derivativeOf()))
        .evidence("derivativeOf", kind)
        .evidence("verdict", probe.verdict() == null ? null
            : probe.verdict().name().toLowerCase(Locale.ROOT))
        .evidence("convention", probe.convention() == null ? null
            : probe.convention().name().toLowerCase(Locale.ROOT))
        .evidence("calledWith", misfed == null ? null
            : misfed.fed().name().toLowerCase(Locale.ROOT))
        .evidence("callSite", callSite == null ? null : callSite.shortForm())
        .evidence("maxError", probe.maxError())
        .threshold(
            wrongFormula
                ? "DerivativeChecker verdict " + probe.verdict().name()
                    + " (finite differences of " + kind + " in both conventions)"
                : "argument convention differs from the formula's")
        .build();
  }

  private static String verdictText(DerivativeVerdict verdict) {
    return switch (verdict) {
      case WRONG_SIGN -> "it returns −f'";
      case MISSING_SQUARE -> "a square is missing";
      case INVERTED_STEP -> "its step is inverted";
      case APPLIED_TWICE -> "the derivative is applied twice";
      case WRONG_SLOPE -> "its slope for z < 0 is not the forward pass's";
      default -> "it matches no form of the derivative";
    };
  }

  private static String hint(ActivationKind kind) {
    return switch (kind) {
      case SIGMOID -> "σ'(z) = σ(z)(1 − σ(z)); given the output a = σ(z) it is a(1 − a)";
      case TANH -> "tanh'(z) = 1 − tanh²(z); given the output a = tanh(z) it is 1 − a²";
      case RELU -> "ReLU'(z) = 1 where z > 0 and 0 elsewhere (the same test works on a = ReLU(z))";
      case LEAKY_RELU -> "leaky ReLU'(z) = 1 where z > 0 and the leak slope elsewhere";
      case SOFTPLUS -> "softplus'(z) = σ(z); given the output a it is 1 − e^(−a)";
      default -> "compare the formula with the activation's derivative and feed it what it expects";
    };
  }

  private record Misfed(
      DerivativeConvention fed, String argument, SourceLocation callSite, Integer step) {}
}
