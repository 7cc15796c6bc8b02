package dev.backprobe.agent.rt;

/** What the transformer learned about a method from its bytecode, before it ever runs. */
public enum MethodTrait {
  /** Stores into an array obtained from a field (or assigns an array-typed field). */
  WRITES_ARRAY_FIELD,
  /** Calls a method of an instrumented class. */
  CALLS_INSTRUMENTED,
  /** Returns {@code double} or {@code float}. */
  RETURNS_SCALAR,
  /** Returns an array or an object. */
  RETURNS_REFERENCE,
  /** Writes no field and calls only pure code ({@code Math}, other pure methods): safe to probe. */
  PURE,
  /** {@code double → double} or {@code float → float}. */
  SCALAR_FUNCTION,
  /** {@code double[] → double[]}, {@code double[][] → double[][]} or the float variants. */
  ARRAY_FUNCTION,
  /**
   * One object of a trainer's own class in, an object of the same class out: {@code static M
   * relu(M)}, {@code M softmax(M)} on another class, or {@code M sigmoid()} on {@code M} itself.
   * The shape of a function on a home-made matrix; whether {@code M} is one (it wraps one numeric
   * array and its shape) is decided at run time from the object, not from names. Two-operand
   * methods ({@code M times(M)} on {@code M}) are not functions of one tensor and do not have it,
   * nor do methods that assign a static field (probing could not undo it).
   */
  MATRIX_FUNCTION,
  /**
   * Writes state (a field's array, or an array it was given) from its arguments and constants
   * only: it loads no primitive array element and calls nothing but pure library code, so what it
   * writes cannot depend on the values already there ({@code Matrix#set(r, c, v)}, {@code
   * setWeights(w)}). A training step reads the parameters it updates (θ ← θ − η∇L(θ)), so a setter
   * is never taken for the step.
   */
  SETTER,
  /** Contains a loop (a backward jump). */
  HAS_LOOP,
  /** Its name looks like a loss (loss, cost, error, mse, entropy, objective…). A hint only. */
  LOSS_NAME,
  /** Its name looks like a training step (train, step, fit, update, backward, backprop…). A hint only. */
  STEP_NAME
}
