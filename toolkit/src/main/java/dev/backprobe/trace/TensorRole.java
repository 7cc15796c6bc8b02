package dev.backprobe.trace;

/** What a recorded tensor is in the trainer's computation. */
public enum TensorRole {
  /** A trainable parameter: an array-valued field the step changes. */
  PARAMETER,
  /** The input batch. */
  INPUT,
  /** The targets the loss compares with. */
  TARGET,
  /** The argument of an activation function (z = Wx + b). */
  PRE_ACTIVATION,
  /** The value an activation function returned. */
  ACTIVATION,
  /** The network's final output (the activation the loss consumes). */
  OUTPUT,
  /** Any other array stored into a local variable or returned by a method. */
  INTERMEDIATE
}
