package dev.backprobe.tensor;

/**
 * Sums along each axis of a 2-D tensor: what tells a row-wise softmax from one normalised over the
 * whole matrix or over the columns.
 *
 * @param rowSumMin smallest row sum
 * @param rowSumMax largest row sum
 * @param columnSumMin smallest column sum
 * @param columnSumMax largest column sum
 * @param total sum of every value
 */
public record AxisSums(
    double rowSumMin, double rowSumMax, double columnSumMin, double columnSumMax, double total) {}
