package dev.backprobe.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprobe.gradcheck.GradientCheck;
import java.util.List;

/**
 * Everything captured at one training step.
 *
 * @param step 1-based step number (one call of the step method)
 * @param loss the loss before the step ran, or null when unknown
 * @param tensors parameters, activations and intermediates seen during the step
 * @param checks gradient-check results for the parameter tensors
 * @param derivativeCalls derivative functions called during the step and what they were fed
 * @param nanOrigin the first tensor where a NaN or infinity appeared during this step, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepTrace(
    int step,
    Double loss,
    List<TensorTrace> tensors,
    List<GradientCheck> checks,
    List<DerivativeCall> derivativeCalls,
    NanOrigin nanOrigin) {}
