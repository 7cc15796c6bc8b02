package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;

/**
 * Evaluates the loss at the parameters' current values by calling the trainer's loss method with
 * arguments copied at the time of the step; or, when the step itself returns the loss, by running
 * the step on a snapshot that is restored afterwards.
 */
final class LossReplay {
  private final MethodInfo method;
  private final Object receiver;
  private final Object[] args;
  private final Object root;
  private final boolean viaStep;
  private final Invoker invoker;
  private final ModelAccess model;

  LossReplay(
      MethodInfo method,
      Object receiver,
      Object[] args,
      Object root,
      boolean viaStep,
      Invoker invoker,
      ModelAccess model) {
    this.method = method;
    this.receiver = receiver;
    this.args = args;
    this.root = root;
    this.viaStep = viaStep;
    this.invoker = invoker;
    this.model = model;
  }

  double evaluate() throws Exception {
    Object value;
    if (viaStep) {
      ModelAccess.StateSnapshot state = model.capture(root);
      try {
        value = invoker.invoke(method, receiver, Args.deepCopy(args));
      } finally {
        state.restore();
      }
    } else {
      value = invoker.invoke(method, receiver, args);
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalStateException(method.qualifiedName() + " returned " + value + ", not a number");
  }

  String method() {
    return method.qualifiedName();
  }
}
