package dev.backprobe.agent.runtime;

/**
 * Where the live REPL holds the training thread. The {@link Recorder} consults it at the entry of
 * every step call, on the training thread; {@link #NONE} (no {@code repl=} option) costs one
 * virtual call per step.
 */
public interface StepGate {

  /** No REPL: never pauses, never asks for anything. */
  StepGate NONE =
      new StepGate() {
        @Override
        public boolean wantsCapture(int step) {
          return false;
        }

        @Override
        public boolean wantsArguments(int step) {
          return false;
        }

        @Override
        public void beforeStep(int step) {}

        @Override
        public void stepRecorded() {}

        @Override
        public void trainingEnded() {}
      };

  /** Whether step call {@code step} must be captured whatever the policy and budget say. */
  boolean wantsCapture(int step);

  /** Whether the arguments of step call {@code step} must be kept (the REPL may rerun it). */
  boolean wantsArguments(int step);

  /** Called when step call {@code step} is entered, before it runs; may park the thread. */
  void beforeStep(int step);

  /** A captured step was added to the trace: the findings may have changed. */
  void stepRecorded();

  /** Recording ended (shutdown): nothing is paused any more. */
  void trainingEnded();
}
