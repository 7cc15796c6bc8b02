package dev.backprobe.rules;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.rules.TraceData.Seen;
import dev.backprobe.trace.TensorTrace;
import dev.backprobe.trace.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vanishing-gradient}: an earlier layer's update/weight ratio is orders of magnitude below a
 * later layer's, over consecutive captured steps. Layers are ordered as the trace lists the
 * parameters (declaration order of the fields, index order of layer arrays); only tensors of the
 * same rank are compared, so biases are compared with biases and weights with weights.
 */
public final class VanishingGradientRule implements Rule {

  static final RuleDescription DESCRIPTION =
      new RuleDescription(
          RuleId.VANISHING_GRADIENT,
          Severity.WARNING,
          "Early layers receive almost no update while later ones do.",
          "Per step, each parameter's update/weight ratio ‖Δθ‖/‖θ‖ is compared with the largest"
              + " ratio of the tensors of the same rank listed after it; an earlier one a hundred"
              + " times smaller over consecutive captured steps has vanished.",
          List.of(
              "saturated sigmoid/tanh layers between it and the output (each multiplies the"
                  + " gradient by σ' ≤ 1/4)",
              "dead ReLU units on the way back",
              "a deep net initialised with too small weights"),
          "Use ReLU-family activations in hidden layers, Glorot/He initialisation, normalised"
              + " inputs; fix saturation first if it is reported.",
          List.of(
              Thresholds.VANISHING_LAYER_RATIO,
              Thresholds.UPDATE_RATIO_TINY,
              Thresholds.PERSISTENT_STEPS),
          "Zero-initialised tensors are left out until they have a scale; a later layer must itself"
              + " update by at least 1e-6 of its weights.");

  @Override
  public RuleId id() {
    return RuleId.VANISHING_GRADIENT;
  }

  @Override
  public RuleDescription description() {
    return DESCRIPTION;
  }

  @Override
  public List<Finding> evaluate(Trace trace) {
    Map<String, List<Seen>> parameters = Parameters.scaled(trace);
    // For each captured step (by index): the vanished tensor -> the later tensor it lags behind.
    Map<Integer, Map<String, TensorTrace>> lagging = new HashMap<>();
    Map<Integer, List<TensorTrace>> perStep = new HashMap<>();
    parameters.values().forEach(seen -> seen.forEach(
        s -> perStep.computeIfAbsent(s.index(), i -> new ArrayList<>()).add(s.tensor())));
    perStep.forEach((index, tensors) -> lagging.put(index, laggingAt(tensors)));

    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<Seen>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      List<Seen> run = Persistence.firstRun(
          parameter.getValue(), s -> lagging.get(s.index()).containsKey(name));
      if (!run.isEmpty()) {
        findings.add(finding(run, lagging.get(run.get(0).index()).get(name)));
      }
    }
    return findings;
  }

  private static Map<String, TensorTrace> laggingAt(List<TensorTrace> tensors) {
    Map<String, TensorTrace> lagging = new HashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      TensorTrace early = tensors.get(i);
      double ratio = Parameters.ratio(early);
      if (Double.isNaN(ratio)) {
        continue;
      }
      TensorTrace strongest = null;
      for (int j = i + 1; j < tensors.size(); j++) {
        TensorTrace later = tensors.get(j);
        if (rank(later) == rank(early)
            && !Double.isNaN(Parameters.ratio(later))
            && (strongest == null || Parameters.ratio(later) > Parameters.ratio(strongest))) {
          strongest = later;
        }
      }
      if (strongest != null
          && Parameters.ratio(strongest) >= Thresholds.UPDATE_RATIO_TINY.value()
          && ratio < Thresholds.VANISHING_LAYER_RATIO.value() * Parameters.ratio(strongest)) {
        lagging.put(early.name(), strongest);
      }
    }
    return lagging;
  }

  private static int rank(TensorTrace tensor) {
    return tensor.shape() == null ? 0 : tensor.shape().length;
  }

  private static Finding finding(List<Seen> run, TensorTrace later) {
    TensorTrace tensor = run.get(0).tensor();
    String name = Names.shortName(tensor.name());
    double ratio = Parameters.ratio(tensor);
    double laterRatio = Parameters.ratio(later);
    return FindingBuilder.of(RuleId.VANISHING_GRADIENT, Severity.WARNING)
        .step(run.get(0).step().step())
        .subject(tensor.name())
        .location(tensor.location())
        .message("the update of " + name + " is " + Numbers.compact(laterRatio / ratio)
            + "× weaker than that of " + Names.shortName(later.name()) + " (‖Δθ‖/‖θ‖ = "
            + Numbers.compact(ratio) + " vs " + Numbers.compact(laterRatio) + "): the gradient"
            + " vanishes on its way back")
        .hint("look for saturated or dead units between this layer and the output; use ReLU-family"
            + " hidden activations and Glorot/He initialisation")
        .evidence("updateRatio", ratio)
        .evidence("laterTensor", later.name())
        .evidence("laterUpdateRatio", laterRatio)
        .evidence("consecutiveSteps", run.stream().map(s -> s.step().step()).toList())
        .threshold(Thresholds.VANISHING_LAYER_RATIO)
        .build();
  }
}
