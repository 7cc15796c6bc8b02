package dev.backprobe.api;

/** The scalar loss of a model at its current parameters, e.g. {@code net -> net.loss(x, y)}. */
@FunctionalInterface
public interface ModelLoss<M> {

  /** The loss; it must read the parameters from the model and must not change them. */
  double loss(M model) throws Exception;
}
