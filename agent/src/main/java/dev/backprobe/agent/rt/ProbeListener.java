package dev.backprobe.agent.rt;

/**
 * Receives what the injected probes see. The {@link Bridge} calls it on the trainer's own thread;
 * an implementation may throw (the bridge catches and counts it) but should be fast when it is not
 * capturing.
 */
public interface ProbeListener {

  /**
   * A tracked method was entered.
   *
   * @param methodId the id {@link Sites} gave the method
   * @param receiver {@code this}, or {@code null} for a static method
   * @param args the arguments (primitives boxed) when {@link Bridge#wantArguments(int, boolean)}
   *     asked for them at this entry, else {@code null}
   */
  void onEnter(int methodId, Object receiver, Object[] args);

  /**
   * A tracked method is about to return normally.
   *
   * @param returned the value ({@link Double} for {@code double} and {@code float} results), or
   *     {@code null} for {@code void}
   */
  void onExit(int methodId, Object returned);

  /** An object reference (usually an array) is about to be stored into a named local variable. */
  void onStore(int siteId, Object value);

  /** A pure scalar function ({@code double → double}) was entered with this argument. */
  void onScalarArgument(int methodId, double argument);

  /** Does nothing: the bridge's state before the runtime starts and after it switches off. */
  ProbeListener NONE =
      new ProbeListener() {
        @Override
        public void onEnter(int methodId, Object receiver, Object[] args) {}

        @Override
        public void onExit(int methodId, Object returned) {}

        @Override
        public void onStore(int siteId, Object value) {}

        @Override
        public void onScalarArgument(int methodId, double argument) {}
      };
}
