package dev.backprobe.api;

/** One training step of a model, e.g. {@code net -> net.trainStep(x, y)}. */
@FunctionalInterface
public interface ModelStep<M> {

  /** Runs one forward pass, backward pass and update. */
  void step(M model) throws Exception;
}
