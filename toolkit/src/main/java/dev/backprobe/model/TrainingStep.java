package dev.backprobe.model;

/** One training step of a model: a forward pass, a backward pass and an update, as one call. */
@FunctionalInterface
public interface TrainingStep {

  /** Runs the step; it changes the model's parameters in place or by reassigning its fields. */
  void run() throws Exception;
}
