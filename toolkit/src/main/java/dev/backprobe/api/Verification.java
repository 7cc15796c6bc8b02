package dev.backprobe.api;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.Severity;
import dev.backprobe.findings.Target;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.model.DiscoveredTensor;
import dev.backprobe.trace.Trace;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Backprobe} found about one verified step (or one analytic gradient): the checks of
 * each tensor against the numeric gradient of the loss, and the findings of the rules over the
 * one-step trace.
 *
 * @param model the model's class name
 * @param subject {@link CheckSubject#UPDATE} for a step, {@link CheckSubject#GRADIENT} for a
 *     gradient the user handed over
 * @param step the step number checks and findings carry (1)
 * @param lossBefore the loss before the step (for a gradient: at the parameters), NaN if unknown
 * @param lossAfter the loss after the step; NaN for a gradient
 * @param changedTensors full names of the tensors the step changed
 * @param unreadByLoss tensors the step changed but the loss does not read (caches)
 * @param checks one check per parameter, in the model's field order
 * @param findings the rules' findings, root causes first
 * @param trace the one-step trace the rules ran on (what the report renders)
 * @param limitations what could not be captured, restored or evaluated, one sentence each
 * @param failure why the checks could not run (the loss threw, or was not finite), or null
 */
public record Verification(
    String model,
    CheckSubject subject,
    int step,
    double lossBefore,
    double lossAfter,
    List<String> changedTensors,
    List<String> unreadByLoss,
    List<GradientCheck> checks,
    List<Finding> findings,
    Trace trace,
    List<String> limitations,
    String failure) {

  public Verification {
    changedTensors = List.copyOf(changedTensors);
    unreadByLoss = List.copyOf(unreadByLoss);
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    limitations = List.copyOf(limitations);
  }

  /** The findings of severity {@code error}. */
  public List<Finding> errors() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
  }

  public boolean hasErrors() {
    return !errors().isEmpty();
  }

  /** The findings of one rule ({@code gradient-sign}…). */
  public List<Finding> findings(String rule) {
    return findings.stream().filter(f -> f.rule().equals(rule)).toList();
  }

  /** The check of the tensor a user's name refers to: {@code w2}, {@code Net.w2} or the full name. */
  public Optional<GradientCheck> check(String tensor) {
    return checks.stream()
        .filter(c -> c.tensor().equals(tensor))
        .findFirst()
        .or(() -> checks.stream()
            .filter(c -> DiscoveredTensor.matches(c.tensor(), tensor))
            .findFirst());
  }

  /** The content of {@code findings.json} for this verification. */
  public FindingsDocument findingsDocument() {
    String version = trace.run() == null ? null : trace.run().version();
    return new FindingsDocument(
        FindingsDocument.TOOL,
        version,
        new Target(model, null, trace.run() == null ? null : trace.run().step(),
            trace.run() == null ? null : trace.run().loss()),
        1,
        List.of(step),
        findings);
  }
}
