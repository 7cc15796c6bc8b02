package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;

/** One tracked method call on a thread's stack, as the recorder sees it. */
final class Frame {
  final MethodInfo method;
  final Object receiver;
  final Object[] args;
  /** 1-based: the how-many-th call of this method this is. */
  final int call;
  /** Whether a frame of the step (or, while discovering, of any step candidate) encloses this one. */
  final boolean insideStep;
  /** Discovery bookkeeping for a step candidate's first call, or null. */
  Discovery.FirstCall firstCall;
  /** Discovery: per-tensor fingerprints at entry of a loss candidate, or null. */
  java.util.Map<String, Long> fingerprints;
  /** Line of the last store this frame made (for derivative call sites). */
  int lastStoreLine;

  Frame(MethodInfo method, Object receiver, Object[] args, int call, boolean insideStep) {
    this.method = method;
    this.receiver = receiver;
    this.args = args;
    this.call = call;
    this.insideStep = insideStep;
  }

  int id() {
    return method.id();
  }
}
