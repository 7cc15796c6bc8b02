package dev.backprobe.trace;

/** The loss the trainer computed at one step (recorded at every step, not only captured ones). */
public record LossPoint(int step, double loss) {}
