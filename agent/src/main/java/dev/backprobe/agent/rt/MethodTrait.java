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
