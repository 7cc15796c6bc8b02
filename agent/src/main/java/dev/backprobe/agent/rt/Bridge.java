package dev.backprobe.agent.rt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
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
   * Whether store and scalar-argument probes are passed on at all. These probes sit in trainers'
   * innermost loops (a row stored into a local per iteration, an activation per element), so they
   * are switched by call sites, not by a flag: a static final handle to a MutableCallSite is a
   * constant to the JIT, which inlines its current target (nothing, when the probes are off) and
   * recompiles the trainer's method when the target changes. A flag tested in the loop is not
   * enough: once a captured step has taken the branch, the compiled loop keeps a call to the
   * listener, and a call in a loop stops the JIT from hoisting the trainer's own array loads out
   * of it (the 6 000-step benchmark ran 20 % slower between captures than without the agent).
   */
  private static final MethodHandle IGNORE_STORE =
      MethodHandles.empty(MethodType.methodType(void.class, Object.class, int.class));
  private static final MethodHandle IGNORE_SCALAR =
      MethodHandles.empty(MethodType.methodType(void.class, double.class, int.class));
  private static final MethodHandle PASS_STORE =
      handle("passStore", MethodType.methodType(void.class, Object.class, int.class));
  private static final MethodHandle PASS_SCALAR =
      handle("passScalarArgument", MethodType.methodType(void.class, double.class, int.class));
  private static final MutableCallSite STORE_SITE = new MutableCallSite(PASS_STORE);
  private static final MutableCallSite SCALAR_SITE = new MutableCallSite(PASS_SCALAR);
  private static final MethodHandle STORE = STORE_SITE.dynamicInvoker();
  private static final MethodHandle SCALAR = SCALAR_SITE.dynamicInvoker();
  /*
   * Mirrors of the call sites' targets, tested before invoking them. Each switch of a target
   * deoptimises the trainer's methods, which then run in the interpreter until recompiled, and an
   * interpreted invokeExact of a dynamic invoker costs far more than the trainer's own loop body:
   * after a captured step the benchmark's inner loops spent most of their time there. A plain
   * static read skips the handle in the interpreter; once compiled with the empty target, the test
   * guards nothing and disappears. Plain, not volatile: only the training thread switches them, and
   * it sees its own writes; other threads' probes are ignored by the recorder anyway.
   */
  private static boolean storesOn = true;
  private static boolean scalarsOn = true;
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
    wantStores(true);
    wantScalarArguments(true);
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
  public static synchronized void wantStores(boolean wanted) {
    MethodHandle target = wanted ? PASS_STORE : IGNORE_STORE;
    if (STORE_SITE.getTarget() != target) { // a new target recompiles the trainer's methods
      STORE_SITE.setTarget(target);
    }
    storesOn = wanted;
  }

  /** Whether store probes are passed to the listener now. */
  public static boolean wantsStores() {
    return STORE_SITE.getTarget() == PASS_STORE;
  }

  /** Whether scalar-argument probes are passed to the listener (on at start-up). */
  public static synchronized void wantScalarArguments(boolean wanted) {
    MethodHandle target = wanted ? PASS_SCALAR : IGNORE_SCALAR;
    if (SCALAR_SITE.getTarget() != target) {
      SCALAR_SITE.setTarget(target);
    }
    scalarsOn = wanted;
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
    if (!storesOn) {
      return;
    }
    try {
      STORE.invokeExact(value, siteId);
    } catch (Throwable t) {
      fail(t); // passStore catches the listener's failures: this is the handle itself failing
    }
  }

  public static void scalarArgument(double value, int methodId) {
    if (!scalarsOn) {
      return;
    }
    try {
      SCALAR.invokeExact(value, methodId);
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** The store probe's target while stores are wanted. */
  private static void passStore(Object value, int siteId) {
    if (!enabled || muted > 0) {
      return;
    }
    try {
      listener.onStore(siteId, value);
    } catch (Throwable t) {
      fail(t);
    }
  }

  /** The scalar-argument probe's target while scalar arguments are wanted. */
  private static void passScalarArgument(double value, int methodId) {
    if (!enabled || muted > 0) {
      return;
    }
    try {
      listener.onScalarArgument(methodId, value);
    } catch (Throwable t) {
      fail(t);
    }
  }

  private static MethodHandle handle(String name, MethodType type) {
    try {
      return MethodHandles.lookup().findStatic(Bridge.class, name, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Bridge." + name + type + " is missing", e);
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
    wantStores(true);
    wantScalarArguments(true);
    failures = 0;
    firstFailure = null;
    muted = 0;
  }
}
