package dev.backprobe.gradcheck;

/**
 * What {@link UpdateModelFitter} concluded about one tensor's updates over several steps.
 *
 * @param tensor the parameter's name
 * @param model the model that explains the updates
 * @param learningRate η of the model (the median per-step ηₜ for SGD; NaN for adaptive)
 * @param momentum β for {@link UpdateModel#MOMENTUM}, else NaN
 * @param residual relative residual ‖Δθ − model‖/‖Δθ‖ of the chosen fit (NaN for adaptive)
 * @param verdict {@link CheckVerdict#AGREES} when the updates descend under the model, {@link
 *     CheckVerdict#CLIMBS} when they go uphill, {@link CheckVerdict#MISMATCH} when no model fits,
 *     {@link CheckVerdict#NOT_CHECKED} without usable observations
 * @param explanation one sentence for the report: which model, and what was checked
 */
public record UpdateModelFit(
    String tensor,
    UpdateModel model,
    double learningRate,
    double momentum,
    double residual,
    CheckVerdict verdict,
    String explanation) {}
