package dev.backprobe.gradcheck;

/**
 * One tensor's check together with the numeric gradient it was based on.
 *
 * @param check the verdict and its numbers
 * @param gradient the measurements, or null when the tensor was not measured
 * @param note why the tensor was not checked (or what was excluded), or null
 */
public record TensorResult(GradientCheck check, NumericGradient gradient, String note) {}
