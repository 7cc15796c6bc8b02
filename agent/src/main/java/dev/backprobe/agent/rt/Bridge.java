package dev.backprobe.agent.rt;

import java.util.Arrays;

/**
 * The static methods that injected probes call. Every method returns normally whatever happens:
 * a listener failure is counted, and after {@link #MAX_FAILURES} failures the bridge switches
 * itself off so that a broken runtime costs the trainer nothing.
 *
 * <p>The injected code shapes, by probe (the transformer's contract):
 *
 * <ul>
 *   <li>tracked method entry: {@code if (Bridge.wantsArguments(id)) Bridge.enter(this|null, new
 *       Object[]{args…}, id); else Bridge.enter(this|null, null, id);} (or only the second form)
 *   <li>before {@code RETURN}: {@code Bridge.exit(id)}; before {@code DRETURN}/{@code FRETURN}:
 *       {@code DUP2; Bridge.exitDouble(value, id)} (float widened); before {@code ARETURN}: {@code
 *       DUP; Bridge.exitObject(value, id)}
 *   <li>before {@code ASTORE} into a named local: {@code DUP; Bridge.stored(value, siteId)}
 *   <li>entry of a pure scalar function: {@code DLOAD 0|1; Bridge.scalarArgument(value, id)}
 * </ul>
 */
public final class Bridge {

  /** Listener failures tolerated before the bridge switches off for good. */
  public static final int MAX_FAILURES = 20;

  private static volatile ProbeListener listener = ProbeListener.NONE;
  private static volatile boolean enabled = true;
  private static volatile boolean[] argumentsWanted = new boolean[0];
  private static volatile boolean allArgumentsWanted;
  /*
   * Whether store and scalar-argument probes are passed on at all. Plain, not volatile, on purpose:
   * these probes sit in trainers' innermost loops (a row stored into a local per iteration, an
   * activation per element), and a plain static read is one the JIT can hoist out of a loop once
   * Bridge.stored is inlined. The recorder changes them only from the training thread, which sees
   * its own writes in program order; it ignores the probes of other threads anyway.
   */
  private static boolean storesWanted = true;
  private static boolean scalarArgumentsWanted = true;
  private static int failures;
  private static Throwable firstFailure;

  /**
   * Events are dropped while this is positive: the runtime mutes the bridge while it replays the
   * loss or probes a function, so that its own calls into trainer code are not recorded.
   */
  private static int muted;

  private Bridge() {}

  /** Installs the listener; it gets every kind of probe until it asks for fewer. */
  public static void install(ProbeListener newListener) {
    storesWanted = true;
    scalarArgumentsWanted = true;
    listener = newListener == null ? ProbeListener.NONE : newListener;
  }

  public static boolean enabled() {
    return enabled;
  }

  /** The first listener failure, for the report, or null. */
  public static synchronized Throwable firstFailure() {
    return firstFailure;
  }

  public static synchronized int failures() {
    return failures;
  }

  /** Mutes the bridge on the current run until {@link #unmute()} (calls nest). */
  public static void mute() {
    muted++;
  }

  public static void unmute() {
    if (muted > 0) {
      muted--;
    }
  }

  public static boolean isMuted() {
    return muted > 0;
  }

  /** Whether the next entry probe of this method should pass its arguments. */
  public static boolean wantsArguments(int methodId) {
    boolean[] wanted = argumentsWanted;
    return (allArgumentsWanted || methodId < wanted.length && wanted[methodId])
        && enabled
        && muted == 0;
  }

  /**
   * Asks every entry probe to pass its arguments (the runtime does while it discovers the step and
   * the loss, so that the very first call of the step can be replayed), or stops asking.
   */
  public static void wantAllArguments(boolean wanted) {
    allArgumentsWanted = wanted;
  }

  /** Asks the entry probe of a method to pass (or stop passing) its arguments. */
  public static synchronized void wantArguments(int methodId, boolean wanted) {
    boolean[] current = argumentsWanted;
    if (methodId >= current.length) {
      current = Arrays.copyOf(current, Math.max(methodId + 1, current.length * 2));
    } else {
      current = current.clone();
    }
    current[methodId] = wanted;
    argumentsWanted = current;
  }

  /** Whether store probes are passed to the listener (on at start-up). */
  public static void wantStores(boolean wanted) {
    storesWanted = wanted;
  }

  /** Whether store probes are passed to the listener now. */
  public static boolean wantsStores() {
    return storesWanted;
  }

  /** Whether scalar-argument probes are passed to the listener (on at start-up). */
  public static void wantScalarArguments(boolean wanted) {
    scalarArgumentsWanted = wanted;
  }

  public static void enter(Object receiver, Object[] args, int methodId) {
    if (!enabled || muted > 0) {
      return;
    }
    try {
      listener.onEnter(methodId, receiver, args);
    } catch (Throwable t) {
      fail(t);
    }
  }

  public static void exit(int methodId) {
    if (!enabled || muted > 0) {
      return;
    }
    try {
      listener.onExit(methodId, null);
    } catch (Throwable t) {
      fail(t);
    }
  }

  public static void exitDouble(double value, int methodId) {
    if (!enabled || muted > 0) {
      return;
    }
    try {
      listener.onExit(methodId, value);
    } catch (Throwable t) {
      fail(t);
    }
  }

  public static void exitObject(Object value, int methodId) {
    if (!enabled || muted > 0) {
      return;
    }
    try {
      listener.onExit(methodId, value);
    } catch (Throwable t) {
      fail(t);
    }
  }

  public static void stored(Object value, int siteId) {
    if (!storesWanted || !enabled || muted > 0) {
      return;
    }
    try {
      listener.onStore(siteId, value);
    } catch (Throwable t) {
      fail(t);
    }
  }

  public static void scalarArgument(double value, int methodId) {
    if (!scalarArgumentsWanted || !enabled || muted > 0) {
      return;
    }
    try {
      listener.onScalarArgument(methodId, value);
    } catch (Throwable t) {
      fail(t);
    }
  }

  private static synchronized void fail(Throwable t) {
    if (firstFailure == null) {
      firstFailure = t;
    }
    if (++failures >= MAX_FAILURES) {
      enabled = false;
    }
  }

  /** For tests: back to the state at start-up. */
  public static synchronized void reset() {
    listener = ProbeListener.NONE;
    enabled = true;
    argumentsWanted = new boolean[0];
    allArgumentsWanted = false;
    storesWanted = true;
    scalarArgumentsWanted = true;
    failures = 0;
    firstFailure = null;
    muted = 0;
  }
}
