package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.MethodTrait;
import dev.backprobe.agent.rt.ProbeListener;
import dev.backprobe.agent.rt.StoreSite;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.trace.LossPoint;
import dev.backprobe.trace.NanOrigin;
import dev.backprobe.trace.SourceLocation;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.TensorRole;
import dev.backprobe.trace.TensorTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The heart of the agent: turns probe events into a verified trace. It discovers the step and the
 * loss (see {@link Discovery}), counts steps, captures the steps the {@link CapturePolicy} and the
 * {@link Budget} allow, verifies each captured update against the numeric gradient of the replayed
 * loss, and records the loss at every step.
 *
 * <p>Between captured steps (after discovery) every probe returns after reading two or three
 * fields: the tracing flag and the step and loss ids. Only the thread that first entered a tracked
 * method is recorded.
 */
public final class Recorder implements ProbeListener {

  /** What the options say. */
  public record Settings(String step, String loss, CapturePolicy capture, double budget) {
    public static Settings defaults() {
      return new Settings(null, null, CapturePolicy.log(), Budget.DEFAULT_SHARE);
    }
  }

  /** Everything the recorder uses from outside, so that tests can pass fakes. */
  public record Services(
      SiteTable sites,
      ModelAccess model,
      GradientOracle oracle,
      TensorStatistics statistics,
      FunctionProbing probing,
      Problems problems,
      java.util.function.LongSupplier clock,
      java.util.function.LongSupplier costClock) {

    /**
     * @param clock wall time, for the run's elapsed time
     * @param costClock what the agent's own work is measured in (the training thread's CPU time,
     *     see {@link ThreadCpuClock}); the wall clock when not given
     */
    public Services {}

    /** Services whose costs are measured on the wall clock too (tests with a fake clock). */
    public Services(
        SiteTable sites,
        ModelAccess model,
        GradientOracle oracle,
        TensorStatistics statistics,
        FunctionProbing probing,
        Problems problems,
        java.util.function.LongSupplier clock) {
      this(sites, model, oracle, statistics, probing, problems, clock, clock);
    }
  }

  // ---- read on every probe ----
  private volatile boolean tracing = true;
  private volatile int stepId = -1;
  private volatile int lossId = -1;

  private final Settings settings;
  private final Services services;
  private final Problems problems;
  private final Budget budget;
  private final CapturePolicy policy;
  private final Invoker invoker = new Invoker();
  private final Discovery discovery;
  private final Verifier verifier;
  private final TensorTraces tensorTraces;
  private final Functions functions;
  private final CallStack stack = new CallStack();
  private final TraceData data = new TraceData();

  private Thread thread;
  private MethodInfo[] infos = new MethodInfo[0];
  private int[] calls = new int[0];
  private boolean discovering = true;
  private String lossReason;
  private boolean lossViaStep;
  private boolean lossTakesStepArgs;
  /**
   * For each parameter of a loss that takes fewer or other arguments than the step, the step
   * argument its calls were seen to be given ({@link ArgumentMatch}); null while not seen, or when
   * the loss takes the step's own arguments.
   */
  private int[] lossArgsFromStep;
  /** The arguments of the latest step call and of the one before it, when they were asked for. */
  private Object[] lastStepArgs;
  private Object[] previousStepArgs;
  /** Whether the loss was called (with its arguments) since the latest step call began. */
  private boolean lossSinceStepEntry;
  private boolean stopped;
  /** Set by {@link #finish}: nothing more will come, every pending step is resolved now. */
  private boolean finishing;

  private int steps;
  private int stepCallsSinceChoice;
  private StepCapture capture;
  /** The last step's update Δθ, when it was recorded (a captured step or the one before one). */
  private PreviousUpdate lastUpdate;
  /** The parameters before a step that precedes a scheduled capture, or null. */
  private Map<String, double[]> previousBefore;
  private Object previousRoot;
  private int previousStep = -1;
  private final List<Pending> pending = new ArrayList<>();
  private Discovery.FirstCall deferredFirst;
  /** Step 1, when discovery ended before the loss was seen (see {@link #verifyHeldFirstCall}). */
  private Discovery.FirstCall heldFirst;
  /** Whether the {@code loss=} of the options was found not to return a number. */
  private boolean givenLossRejected;
  private boolean catchUp;
  /** Whether the budget has counted the step call discovery snapshotted (once per run). */
  private boolean firstCallCounted;
  private boolean forceNext;
  private boolean sawNonFinite;
  private int lastLossStep = -1;
  private Object lossReceiver;
  private Object lastStepRoot;
  private final java.util.BitSet notTheGivenLoss = new java.util.BitSet();
  /** Whether a loss first called after discovery may still be taken (see lateLossEntered). */
  private boolean watchingForLateLoss;
  /**
   * Captured steps held, with their snapshots, for a loss not found yet: 8, the log policy's
   * captures before step 100 (1, 2, 3, 5, 10, 20, 50 and one forced), so that a loss printed every
   * few hundred steps still verifies them.
   */
  static final int LATE_LOSS_HELD_STEPS = 8;
  /**
   * And at most this many parameter values among them (2^20, 8 MB a copy; a held step keeps about
   * three): a large network's early steps are not worth holding tens of megabytes for a loss that
   * may never come.
   */
  static final long LATE_LOSS_HELD_VALUES = 1L << 20;
  /** Methods looked at, and rejected or taken, as a late loss. */
  private final java.util.BitSet notALateLoss = new java.util.BitSet();
  /** The late-loss candidate whose call is under way, with its receiver and the model's hashes. */
  private int lateCandidate = -1;
  private Object lateReceiver;
  private Map<String, Long> lateFingerprints;
  private Object[] latestLossArgs;
  private StepGate gate = StepGate.NONE;
  /**
   * Per static method id: the index of the argument that is its root, or -1 for its class (see
   * {@link #root}); absent until a call brought its arguments.
   */
  private final Map<Integer, Integer> argumentRoots = new java.util.HashMap<>();
  /** Kinds of the arrays earlier captured steps recognised (see {@link KindMemory}). */
  private final KindMemory kindMemory = new KindMemory();
  /** The model of a step called on an inner class: its enclosing object's (see {@link #root}). */
  private final EnclosingModel enclosingModel;

  /** The receiver and arguments of the step call the gate holds, while it holds it. */
  private Object pausedReceiver;
  private Object[] pausedArgs;

  /** A verification waiting for the loss call that follows the step (its arguments). */
  private record Pending(StepTrace partial, StepCapture capture, Map<String, double[]> after) {}

  public Recorder(Settings settings, Services services) {
    this.settings = settings;
    this.services = services;
    this.enclosingModel = new EnclosingModel(root -> services.model().parameters(root));
    this.problems = services.problems();
    this.budget = new Budget(settings.budget(), services.clock(), services.costClock());
    this.policy = settings.capture();
    this.discovery = new Discovery(services.model(), problems);
    this.verifier = new Verifier(services.model(), services.oracle(), problems);
    this.tensorTraces = new TensorTraces(services.statistics());
    this.functions = new Functions(services.probing(), invoker, problems, services.model());
    Bridge.wantAllArguments(true);
  }

  /**
   * Makes this recorder the bridge's listener and asks at once for only the probes it uses: the
   * bridge starts a listener with every probe on, and a run that is never captured (say {@code
   * capture=every:100000}) would otherwise pass every store of the trainer's inner loops to {@link
   * #onStore} for nothing (JFR put a fifth of such a run's samples there).
   */
  public void install() {
    Bridge.install(this);
    probesFollow();
  }

  /**
   * Tells the bridge which of the probes in trainers' inner loops are worth a call: stores only
   * while a step is captured, scalar arguments only while tracing. Called on the training thread
   * after every change of {@link #tracing} or {@link #capture}.
   */
  private void probesFollow() {
    Bridge.wantStores(tracing && capture != null);
    Bridge.wantScalarArguments(tracing);
  }

  // =========================================================================================
  // Probe events
  // =========================================================================================

  @Override
  public void onEnter(int methodId, Object receiver, Object[] args) {
    if (!tracing) {
      if (methodId == stepId) {
        stepEntered(null, receiver, args);
      } else if (methodId == lossId) {
        lossEntered(receiver, args, false);
      } else if (lossId < 0 && settings.loss() != null) {
        givenLossEntered(methodId, receiver, args);
      } else if (watchingForLateLoss) {
        lateLossEntered(methodId, receiver);
      }
      return;
    }
    slowEnter(methodId, receiver, args);
  }

  /**
   * The fast path after a discovery that found no loss: a trainer that prints its loss every few
   * hundred steps calls it first long after the step was chosen. A method entered then is taken as
   * the loss when it returns a scalar, its name looks like a loss ({@link MethodTrait#LOSS_NAME}:
   * with no call inside the step to rank by, an {@code accuracy()} printed beside it must not
   * win), it is the step's model's own (or, static, of the step's class) and the call does not
   * change what the step changes (it may rewrite activations cached in fields). Each method is
   * looked at once; later captured steps are verified.
   */
  private void lateLossEntered(int methodId, Object receiver) {
    if (stopped || !onThread() || lateCandidate >= 0 && lateCandidate != methodId
        || notALateLoss.get(methodId)) {
      return;
    }
    MethodInfo m = info(methodId);
    if (m == null || methodId == stepId || !Discovery.isLossCandidate(m)
        || !m.has(MethodTrait.LOSS_NAME) || !ownsTheStepModel(m, receiver)) {
      notALateLoss.set(methodId);
      return;
    }
    lateCandidate = methodId;
    lateReceiver = receiver;
    lateFingerprints = discovery.fingerprints(lastStepRoot);
  }

  private boolean ownsTheStepModel(MethodInfo m, Object receiver) {
    return lastStepRoot != null
        && (receiver == lastStepRoot
            || m.isStatic()
                && m.owner().equals(info(stepId).owner())
                && (lastStepRoot instanceof Class<?> || argumentRoots.getOrDefault(stepId, -1) >= 0)
            // a static loss of the class whose statics an inner class's step trains
            || m.isStatic()
                && lastStepRoot instanceof Class<?>
                && invoker.type(m.owner()) == lastStepRoot);
  }

  private void lateLossExited(Object returned) {
    int id = lateCandidate;
    lateCandidate = -1;
    if (stopped || !onThread()) {
      return;
    }
    notALateLoss.set(id); // taken now, or never
    if (!(returned instanceof Number)
        || discovery.changesWhatTheStepChanges(
            discovery.changedSince(lastStepRoot, lateFingerprints))) {
      return;
    }
    watchingForLateLoss = false;
    MethodInfo m = info(id);
    setLoss(id, false, "discovered after the step: " + m.qualifiedName() + " returns a scalar,"
        + " was first called at step " + steps + ", does not change what the step changes, and"
        + " its name looks like a loss");
    lossReceiver = lateReceiver;
    lossValue(returned);
    verifyHeldFirstCall();
    resolveHeldSteps();
  }

  /**
   * The fast path while a given {@code loss=} has not been seen: discovery ended at the given
   * step's first call, so the loss (often called outside the step) is matched by name here, once
   * per method.
   */
  private void givenLossEntered(int methodId, Object receiver, Object[] args) {
    if (stopped || !onThread() || notTheGivenLoss.get(methodId)) {
      return;
    }
    MethodInfo m = info(methodId);
    if (m != null && settings.loss().equals(m.qualifiedName())) {
      setLoss(methodId, false, "given: loss=" + settings.loss());
      lossEntered(receiver, args, false);
      verifyHeldFirstCall();
    } else {
      notTheGivenLoss.set(methodId); // never compared again
    }
  }

  @Override
  public void onExit(int methodId, Object returned) {
    if (!tracing) {
      if (methodId == stepId && previousBefore != null && onThread()) {
        finishPreviousUpdate(); // the step before a scheduled capture ran untraced
      }
      if (methodId == lossId) {
        lossValue(returned);
      } else if (methodId == lateCandidate) {
        lateLossExited(returned);
      }
      return;
    }
    slowExit(methodId, returned);
  }

  @Override
  public void onStore(int siteId, Object value) {
    if (!tracing || capture == null || value == null || !onThread()) {
      return;
    }
    StoreSite site = services.sites().store(siteId);
    MethodInfo method = info(site.methodId());
    Frame top = stack.top();
    if (top != null && top.id() == site.methodId()) {
      top.lastStoreLine = site.line();
    }
    // a site that stores rows of seen matrices still moves the line, but costs no more lookups
    if (method != null && !capture.storesRows(siteId)) {
      if (Tensors.supports(value)) {
        capture.stored(value, siteId, method, site.local(), site.line());
      } else if (value instanceof double[][] || value instanceof float[][]) {
        capture.storedContainer((Object[]) value, method, site.local(), site.line());
      }
    }
  }

  @Override
  public void onScalarArgument(int methodId, double argument) {
    if (!tracing || !onThread()) {
      return;
    }
    Frame caller = stack.top();
    if (!functions.knows(methodId)) {
      scalarFunctionSeen(methodId, caller);
    }
    if (capture == null
        || !functions.isDerivativeCandidate(methodId) && functions.activation(methodId) == null) {
      return;
    }
    if (!capture.hasSamples(methodId)) {
      capture.scalarCallSite(methodId, callSite(info(methodId), caller));
    }
    capture.scalarArgument(methodId, argument);
  }

  /**
   * Where the trainer called a scalar function, once per function and captured step: the line of
   * the frame below the function's own on this thread's stack (its argument probe sits at the
   * function's entry, so the caller's frame is the call site). The caller's last array store
   * line, which is all the probes know, is the fallback: it can be lines above the call.
   */
  /**
   * A tensor returned in a captured step. One returned by a method of another class than its
   * caller's (a home-made {@code Matrix#times} called from the network's {@code probs}) is named
   * and placed where the trainer called it, {@code Classifier#probs:times()} at the calling line:
   * the helper's own first line says nothing of which of its many calls made this tensor.
   */
  private void returnedInCapture(Object returned, Frame frame) {
    Frame caller = stack.top();
    if (caller != null
        && !caller.method.owner().equals(frame.method.owner())
        && !capture.named(returned)) {
      SourceLocation at = callSite(frame.method, caller);
      capture.returnedTo(returned, frame.method, caller.method, at);
    } else {
      capture.returned(returned, frame.method);
    }
  }

  private SourceLocation callSite(MethodInfo function, Frame caller) {
    if (caller == null) {
      return null;
    }
    String owner = function == null ? null : function.owner();
    String name = function == null ? null : function.name();
    int line = StackWalker.getInstance().walk(frames -> {
      boolean inFunction = false;
      for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
        if (inFunction) {
          return f.getClassName().equals(caller.method.owner())
                  && f.getMethodName().equals(caller.method.name())
              ? f.getLineNumber()
              : -1;
        }
        inFunction = f.getClassName().equals(owner) && f.getMethodName().equals(name);
      }
      return -1;
    });
    return line > 0 ? location(caller.method, line) : location(caller);
  }

  /**
   * A pure scalar function ({@code double → double}) has no entry probe, only this argument probe,
   * so it is queued for probing at its first call seen while tracing. An instance method is
   * probed on its caller's receiver when that is of its class (an {@code sgm} called from the
   * network's own loop), else it waits for a call from such a caller.
   */
  private void scalarFunctionSeen(int methodId, Frame caller) {
    MethodInfo m = info(methodId);
    if (m == null) {
      return;
    }
    Object receiver = null;
    if (!m.isStatic()) {
      receiver = caller == null ? null : caller.receiver;
      Class<?> owner = invoker.type(m.owner());
      if (receiver == null || owner == null || !owner.isInstance(receiver)) {
        return;
      }
    }
    functions.seen(m, receiver);
  }

  // =========================================================================================
  // Slow path: discovery and captured steps
  // =========================================================================================

  private boolean onThread() {
    Thread t = Thread.currentThread();
    if (thread == null) {
      thread = t;
    }
    return t == thread;
  }

  private void slowEnter(int id, Object receiver, Object[] args) {
    if (stopped || !onThread()) {
      return;
    }
    MethodInfo m = info(id);
    if (m == null) {
      return;
    }
    invoker.learn(receiver);
    int call = ++calls[id];
    if (m.has(MethodTrait.PURE)
        && (m.has(MethodTrait.SCALAR_FUNCTION) || m.has(MethodTrait.ARRAY_FUNCTION))) {
      functions.seen(m, receiver);
      if (m.has(MethodTrait.SCALAR_FUNCTION)) {
        return; // no frame: called per element, and nothing below it is tracked
      }
    }
    if (m.has(MethodTrait.MATRIX_FUNCTION)) {
      matrixFunctionSeen(m, receiver, args);
    }
    Frame frame = new Frame(m, receiver, args, call, capture != null);
    if (stepId < 0 && settings.step() != null && settings.step().equals(m.qualifiedName())) {
      chooseStep(id, "given: step=" + settings.step(), false);
    }
    if (lossId < 0 && settings.loss() != null && settings.loss().equals(m.qualifiedName())) {
      givenLoss(m);
    }
    if (discovering) {
      int decision = discovery.onEnter(frame, root(m, receiver, args), stack.frames());
      if (decision >= 0 && settings.step() == null) {
        chooseStep(decision, discovery.stepReason(), true);
      }
    }
    if (id == lossId) {
      lossEntered(receiver, args, true);
    }
    if (id == stepId) {
      stepEntered(frame, receiver, args);
    }
    stack.push(frame);
    if (capture != null && args != null) {
      for (Object a : args) {
        if (Tensors.supports(a)) {
          StepCapture.Seen s = capture.see(a);
          if (s != null) {
            s.passedTo.add(id);
          }
        }
      }
    }
    if (capture != null && m.has(MethodTrait.MATRIX_FUNCTION) && ownOperand(m, receiver)) {
      StepCapture.Seen s = capture.see(receiver); // m.sigmoid(): the receiver is the input
      if (s != null) {
        s.passedTo.add(id);
      }
    }
  }

  /**
   * A function on the trainer's matrix objects ({@link MethodTrait#MATRIX_FUNCTION}): queued for
   * probing once its operand is seen to be a matrix object, and asked for its arguments from then
   * on, so that captured steps after discovery still see what it was fed.
   */
  private void matrixFunctionSeen(MethodInfo m, Object receiver, Object[] args) {
    if (functions.knows(m.id())) {
      return;
    }
    Object operand = ownOperand(m, receiver) ? receiver : args == null ? null : args[0];
    if (operand == null) {
      Bridge.wantArguments(m.id(), true); // the next call brings its operand
      return;
    }
    dev.backprobe.model.MatrixObject matrix = Tensors.matrix(operand);
    if (matrix == null) {
      return; // a class of another shape (a layer, a data set): not a tensor function
    }
    Bridge.wantArguments(m.id(), true);
    functions.seenMatrix(m, ownOperand(m, receiver) ? null : receiver, matrix);
  }

  /** Whether a matrix function's operand is its receiver ({@code m.sigmoid()} on the class). */
  private static boolean ownOperand(MethodInfo m, Object receiver) {
    return !m.isStatic()
        && receiver != null
        && Invoker.parameterTypes(m.descriptor()).isEmpty();
  }

  private void slowExit(int id, Object returned) {
    if (stopped || !onThread()) {
      return;
    }
    List<Frame> abandoned = new ArrayList<>();
    Frame frame = stack.popExit(id, abandoned);
    for (Frame a : abandoned) {
      frameAbandoned(a);
    }
    if (id == lossId) {
      lossValue(returned);
    }
    if (frame == null) {
      return;
    }
    if (discovering) {
      discovery.onExit(frame, root(frame.method, frame.receiver, frame.args), returned, steps);
    }
    if (capture != null && returned != null && Tensors.supports(returned)) {
      returnedInCapture(returned, frame);
      Object operand = functionOperand(frame);
      if (operand != null) {
        Frame caller = stack.top();
        capture.functionCalls.add(
            new StepCapture.FunctionCall(
                id, operand, returned, caller == null ? -1 : caller.id(), caller));
      }
    }
    if (id == stepId && discovering && discovery.settled()) {
      // chosen once the step is final: a loss printed every few hundred steps, or called after
      // the step, has been seen by then; the captured steps wait for it (pending)
      chooseLossIfNeeded();
    }
    if (capture != null && frame == capture.frame) {
      capture.returned = returned instanceof Number n ? n.doubleValue() : null;
      finishCapture(true);
    }
    if (id == stepId) {
      finishPreviousUpdate();
      afterStep();
    }
  }

  /** What a function of one tensor was called on, or null when the frame is not such a call. */
  private static Object functionOperand(Frame frame) {
    MethodInfo m = frame.method;
    if (m.has(MethodTrait.MATRIX_FUNCTION) && ownOperand(m, frame.receiver)) {
      return frame.receiver;
    }
    boolean function = m.has(MethodTrait.ARRAY_FUNCTION) || m.has(MethodTrait.MATRIX_FUNCTION);
    return function && frame.args != null && frame.args.length > 0 ? frame.args[0] : null;
  }

  /** A frame unwound by an exception: a captured step that threw is recorded unverified. */
  private void frameAbandoned(Frame frame) {
    if (capture != null && frame == capture.frame) {
      problems.report(
          "step-threw:" + frame.method.qualifiedName(),
          "step " + capture.step + " (" + frame.method.qualifiedName() + ") ended with an exception;"
              + " it was recorded without verification",
          null);
      finishCapture(false);
    }
  }

  // =========================================================================================
  // Step and loss
  // =========================================================================================

  private void chooseStep(int id, String reason, boolean provisional) {
    MethodInfo m = info(id);
    boolean promotion = stepId >= 0 && stepId != id;
    if (promotion) {
      Bridge.wantArguments(stepId, false);
      abortCapture();
      budget.restartOpening();
      firstCallCounted = false;
      data.restart();
      lastLossStep = -1;
      if (lossViaStep) {
        lossId = -1;
        lossViaStep = false;
      }
    }
    if (stepId != id) {
      lossArgsFromStep = null;
      lastStepArgs = null;
      previousStepArgs = null;
    }
    stepId = id;
    stepCallsSinceChoice = 0;
    data.step = m.qualifiedName();
    data.stepLocation = location(m, 0);
    data.stepReason = reason;
    steps = provisional ? calls[id] - 1 : 0;
    deferredFirst = provisional ? discovery.firstCall(id) : null;
    if (deferredFirst != null && !firstCallCounted) {
      firstCallCounted = true; // step 1, snapshotted by discovery, is verified later
      budget.captureStarted();
    }
    if (!provisional) {
      discovery.fixStep(id, reason);
    }
    updateLossArgumentWish();
  }

  /**
   * The loss named by {@code loss=} is entered for the first time: taken when it returns a number,
   * rejected once (and never replayed) when it does not — a replay of a {@code void} method would
   * fail at every captured step, far from the option that caused it.
   */
  private void givenLoss(MethodInfo m) {
    if (givenLossRejected) {
      return;
    }
    if (!m.has(MethodTrait.RETURNS_SCALAR)) {
      givenLossRejected = true;
      problems.report(
          "given-loss-not-scalar",
          "the given loss=" + settings.loss() + " returns "
              + Invoker.returnTypeName(m.descriptor())
              + ", not a number: the loss must return the scalar loss; updates are recorded but"
              + " not verified",
          null);
      return;
    }
    setLoss(m.id(), false, "given: loss=" + settings.loss());
  }

  private void setLoss(int id, boolean viaStep, String reason) {
    if (lossId != id) {
      lossArgsFromStep = null;
    }
    lossId = id;
    lossViaStep = viaStep;
    lossReason = reason;
    data.loss = info(id).qualifiedName();
    data.lossLocation = location(info(id), 0);
    data.lossReason = reason;
    updateLossArgumentWish();
  }

  private void updateLossArgumentWish() {
    if (stepId < 0 || lossId < 0) {
      return;
    }
    MethodInfo step = info(stepId);
    MethodInfo loss = info(lossId);
    boolean sameParameters =
        lossViaStep
            || Invoker.parameterTypes(step.descriptor())
                .equals(Invoker.parameterTypes(loss.descriptor()));
    if (sameParameters) {
      lossArgsFromStep = null;
    } else if (lossArgsFromStep == null) {
      // chosen at the end of discovery: its last call there was beside the latest step call
      // (before it, or inside it) or after the one before it
      Discovery.MethodRecord r = discovery.existing(lossId);
      if (r != null && r.lastArgs != null) {
        learnLossArguments(lastStepArgs, r.lastArgs);
        learnLossArguments(previousStepArgs, r.lastArgs);
      }
    }
    lossTakesStepArgs = sameParameters || lossArgsFromStep != null;
    if (!lossTakesStepArgs) {
      Bridge.wantArguments(lossId, true);
    }
  }

  private static boolean mayHoldFirstCall(Discovery.FirstCall first) {
    return first.afterValues != null && values(first.afterValues) <= LATE_LOSS_HELD_VALUES;
  }

  /**
   * Verifies step 1 held for a loss seen after discovery, when its replay needs nothing from a
   * later call (no arguments, or the step's own); else records it unverified.
   */
  private void verifyHeldFirstCall() {
    Discovery.FirstCall first = heldFirst;
    if (first == null || lossId < 0) {
      return;
    }
    heldFirst = null;
    if (lossViaStep || lossTakesStepArgs || takesNoArguments(info(lossId))) {
      verifyFirstCall(first);
    } else {
      recordFirstCallUnverified(first);
    }
  }

  /**
   * Takes the loss's arguments from the step's from now on when a loss call beside a step call
   * was given a part of that call's arguments (see {@link ArgumentMatch}).
   */
  private void learnLossArguments(Object[] stepArgs, Object[] lossArgs) {
    if (lossArgsFromStep != null || lossId < 0 || lossViaStep) {
      return;
    }
    int[] from = ArgumentMatch.projection(stepArgs, lossArgs);
    if (from != null) {
      lossArgsFromStep = from;
      lossTakesStepArgs = true;
    }
  }

  /** The loss's arguments for a step called with {@code stepArgs}, when it takes the step's. */
  private Object[] lossArgsOf(Object[] stepArgs) {
    return lossArgsFromStep == null || lossViaStep
        ? stepArgs
        : ArgumentMatch.project(stepArgs, lossArgsFromStep);
  }

  private void stepEntered(Frame frame, Object receiver, Object[] args) {
    if (stopped || !onThread()) {
      return;
    }
    if (frame != null) {
      Frame stale = stack.find(stepId);
      if (stale != null) {
        // a step call ended with an exception that no exit event reported: drop its frames
        List<Frame> abandoned = new ArrayList<>();
        stack.unwindTo(stale, abandoned);
        abandoned.forEach(this::frameAbandoned);
      }
    }
    steps++;
    stepCallsSinceChoice++;
    if (discovering) {
      lastStepRoot = root(info(stepId), receiver, args);
    }
    if (args != null) {
      if (lossSinceStepEntry && !lossTakesStepArgs) {
        learnLossArguments(args, latestLossArgs); // the loss measured just before the step
      }
      previousStepArgs = lastStepArgs;
      lastStepArgs = args;
    } else {
      previousStepArgs = null;
      lastStepArgs = null;
    }
    lossSinceStepEntry = false;
    if (!pending.isEmpty()) {
      resolvePending(lossReceiver, latestLossArgs);
    }
    if (discovering) {
      discovery.stepCalled(stepCallsSinceChoice);
    }
    holdAtGate(receiver, args);
    if (gate.wantsCapture(steps)) {
      forceNext = true;
    }
    boolean wanted = forceNext || catchUp || policy.wants(steps);
    if (wanted) {
      if (budget.allowsCapture() || forceNext) {
        if (frame == null) {
          frame = new Frame(info(stepId), receiver, args, steps, false);
          stack.clear();
          stack.push(frame);
        }
        beginCapture(frame);
        catchUp = false;
        forceNext = false;
      } else {
        catchUp = true;
      }
    }
    // only when the next capture will probably run: with capture=all under a thinning budget,
    // copying the parameters at every skipped step would cost what the budget saved
    if (capture == null && !discovering && policy.wants(steps + 1) && budget.allowsCapture()) {
      beginPreviousUpdate(receiver, args);
    }
    // a static step over a model argument needs its arguments for the copy before a capture too
    boolean rootInArguments = argumentRoots.getOrDefault(stepId, -1) >= 0;
    Bridge.wantArguments(
        stepId,
        catchUp || forceNext || policy.wants(steps + 1) || gate.wantsArguments(steps + 1)
            || rootInArguments && policy.wants(steps + 2));
  }

  /**
   * The step before a scheduled capture: its parameters are copied before and after it runs
   * ({@link #finishPreviousUpdate}), so that the captured step's update can be judged under
   * momentum against Δθₜ − β·Δθₜ₋₁. Two copies of the parameters, no loss evaluation.
   */
  private void beginPreviousUpdate(Object receiver, Object[] args) {
    long start = budget.now();
    try {
      Object root = root(info(stepId), receiver, args);
      if (root != null) {
        previousRoot = root;
        previousBefore = Discovery.values(services.model().parameters(root));
        previousStep = steps;
      }
    } catch (RuntimeException e) {
      problems.report("previous-update", "could not copy the parameters at step " + steps, e);
      previousBefore = null;
    } finally {
      budget.spent(budget.now() - start);
    }
  }

  private void finishPreviousUpdate() {
    Map<String, double[]> before = previousBefore;
    previousBefore = null;
    if (before == null || previousStep != steps) {
      return;
    }
    long start = budget.now();
    try {
      Map<String, double[]> after =
          Discovery.values(services.model().parameters(previousRoot));
      lastUpdate = new PreviousUpdate(previousStep, UpdateModels.delta(before, after));
    } catch (RuntimeException e) {
      problems.report("previous-update", "could not copy the parameters at step " + steps, e);
    } finally {
      previousRoot = null;
      budget.spent(budget.now() - start);
    }
  }

  /** Lets the live REPL hold the training thread before this step call runs. */
  private void holdAtGate(Object receiver, Object[] args) {
    pausedReceiver = receiver;
    pausedArgs = args;
    try {
      gate.beforeStep(steps);
    } finally {
      pausedReceiver = null;
      pausedArgs = null;
    }
  }

  private void lossEntered(Object receiver, Object[] args, boolean slow) {
    lossReceiver = receiver;
    if (args != null) {
      if (!lossSinceStepEntry && !lossTakesStepArgs) {
        learnLossArguments(lastStepArgs, args); // the loss measured inside or after the step
      }
      lossSinceStepEntry = true;
      latestLossArgs = args;
      if (capture != null && capture.lossCallOrder < 0 && slow) {
        capture.lossCallOrder = capture.arrays.size();
        capture.lossReceiver = receiver;
        capture.lossArgs = Args.deepCopy(args);
      } else if (!pending.isEmpty()) {
        resolvePending(receiver, args);
      }
    }
  }

  /** A value the chosen loss returned while it was still being discovered. */
  private void rememberedLoss(int step, double value) {
    if (step > lastLossStep && step <= steps) {
      lastLossStep = step;
      data.losses.add(new LossPoint(step, value));
    }
  }

  private void lossValue(Object returned) {
    if (!(returned instanceof Number n) || steps <= 0 || lastLossStep == steps) {
      return;
    }
    double value = n.doubleValue();
    lastLossStep = steps;
    data.losses.add(new LossPoint(steps, value));
    if (!Double.isFinite(value) && !sawNonFinite) {
      sawNonFinite = true;
      forceNext = true; // the next step is captured to find where the NaN comes from
      Bridge.wantArguments(stepId, true);
    }
  }

  /** After every exit of the step (traced): discovery bookkeeping and the deferred step 1. */
  private void afterStep() {
    if (!discovering) {
      return;
    }
    if (deferredFirst != null && lossId >= 0) {
      verifyFirstCall(deferredFirst);
      deferredFirst = null;
    }
    if (discovery.settled()) {
      endDiscovery();
    }
  }

  private void chooseLossIfNeeded() {
    if (lossId < 0 && settings.loss() == null) {
      Discovery.FirstCall first = discovery.firstCall(stepId);
      Object stepRoot = first != null ? first.root : lastStepRoot;
      Discovery.LossChoice choice = discovery.chooseLoss(info(stepId), stepRoot, calls[stepId]);
      if (choice != null) {
        setLoss(choice.methodId(), choice.viaStep(), choice.reason());
        Discovery.MethodRecord r = discovery.existing(lossId);
        if (r != null) {
          r.valueByStep.forEach(this::rememberedLoss);
        }
        if (!pending.isEmpty() && r != null) {
          resolvePending(r.lastReceiver, r.lastArgs);
        }
      }
    }
  }

  private void endDiscovery() {
    discovering = false;
    Bridge.wantAllArguments(false);
    discovery.releaseSnapshots();
    if (deferredFirst != null) {
      if (lossId < 0 && stepId >= 0 && mayHoldFirstCall(deferredFirst)) {
        heldFirst = deferredFirst; // a given loss, or one printed later, verifies it
      } else if (lossId < 0) {
        recordFirstCallUnverified(deferredFirst);
      }
      deferredFirst = null;
    }
    // a given loss, or one printed every few hundred steps, may come later: see finish()
    watchingForLateLoss = lossId < 0 && settings.loss() == null && stepId >= 0;
    trimHeldSteps();
    updateLossArgumentWish();
    tracing = capture != null;
    probesFollow();
  }

  // =========================================================================================
  // Capture and verification
  // =========================================================================================

  private void beginCapture(Frame frame) {
    long start = budget.now();
    Object root = root(frame.method, frame.receiver, frame.args);
    if (root == null) {
      return;
    }
    budget.captureStarted();
    try {
      List<ModelAccess.ParameterTensor> params = services.model().parameters(root);
      ModelAccess.StateSnapshot before = services.model().capture(root);
      Object[] args = frame.args == null ? null : Args.deepCopy(frame.args);
      capture =
          new StepCapture(steps, frame, root, args, before, Discovery.values(params), start);
      capture.previousDelta =
          lastUpdate != null && lastUpdate.step() == steps - 1 ? lastUpdate.delta() : null;
      lastUpdate = null; // used, or stale: a copy of the parameters' size is not kept for nothing
      if (frame.args != null) {
        for (Object a : frame.args) {
          if (Tensors.supports(a)) {
            capture.see(a);
          }
        }
      }
      tracing = true;
      probesFollow();
    } catch (RuntimeException e) {
      problems.report("capture:" + frame.method.owner(), "could not snapshot step " + steps, e);
      capture = null;
      probesFollow();
      budget.spent(budget.now() - start);
    } // else the capture's time, from start, is counted when it finishes
  }

  private void abortCapture() {
    capture = null;
    probesFollow();
    pending.clear();
    budget.costPending(false);
  }

  private void finishCapture(boolean completed) {
    StepCapture c = capture;
    capture = null;
    tracing = discovering;
    probesFollow();
    try {
      Map<String, double[]> after = Discovery.values(services.model().parameters(c.root));
      if (c.before != null && c.before.randomsAdvanced()) {
        data.stochasticSteps.add(c.step); // dropout, noise: see UpdateModels.fit
      }
      // the update is the next step's "previous" only when that step is to be captured too
      lastUpdate =
          policy.wants(c.step + 1)
              ? new PreviousUpdate(c.step, UpdateModels.delta(c.beforeValues, after))
              : null;
      StepTrace partial = stepTrace(c, after);
      if (!completed || lossId < 0 && (!lossMayStillCome() || !mayHoldForALateLoss(after))) {
        data.steps.add(withChecks(partial, notChecked(c.step, after, c.beforeValues), null));
      } else {
        LossReplay replay = lossId < 0 ? null : replay(c);
        if (replay == null) {
          pending.add(new Pending(partial, c, after)); // the loss, or its arguments, come later
        } else {
          complete(partial, c, after, replay);
        }
      }
    } catch (RuntimeException e) {
      problems.report("finish:" + c.step, "step " + c.step + " could not be recorded", e);
    }
    functions.probePending();
    c.costNanos = budget.now() - c.startNanos;
    budget.spent(c.costNanos);
    budget.captureCost(c.costNanos);
    // a step held for a late loss may never be verified: later captures do not wait for it
    budget.costPending(!pending.isEmpty() && !waitingForALateLoss());
  }

  private void complete(
      StepTrace partial, StepCapture c, Map<String, double[]> after, LossReplay replay) {
    Verifier.Result result = verifier.verify(c.step, c.root, c.before, after, replay);
    data.observe(c.step, result, c.previousDelta, policy.wants(c.step + 1));
    data.steps.add(
        withChecks(
            partial,
            result.checks().isEmpty() ? notChecked(c.step, after, c.beforeValues) : result.checks(),
            Double.isNaN(result.lossBefore()) ? null : result.lossBefore()));
    gate.stepRecorded();
  }

  /**
   * Whether a captured step should wait for a loss not known yet: while discovering, or while a
   * given {@code loss=} has not been called (discovery ends at the given step's first call, and a
   * loss printed once per epoch comes after several steps).
   */
  private boolean lossMayStillCome() {
    return lossId < 0
        && !finishing
        && (discovering || settings.loss() != null || watchingForLateLoss);
  }

  /**
   * Whether the loss is replayed on data of its own rather than the step's: no arguments (the
   * model's own data: a step of no arguments may still read a minibatch of it), or another call's.
   */
  private boolean lossOnOtherData() {
    return lossId >= 0 && !lossViaStep && (!lossTakesStepArgs || takesNoArguments(info(lossId)));
  }

  /** Whether pending steps wait for a loss that discovery did not find (see lateLossEntered). */
  private boolean waitingForALateLoss() {
    return lossId < 0 && watchingForLateLoss && !discovering;
  }

  /** Whether one more captured step may wait for a late loss ({@link #LATE_LOSS_HELD_STEPS}). */
  private boolean mayHoldForALateLoss(Map<String, double[]> after) {
    if (!waitingForALateLoss()) {
      return true;
    }
    return pending.size() < LATE_LOSS_HELD_STEPS
        && heldValues() + values(after) <= LATE_LOSS_HELD_VALUES;
  }

  private long heldValues() {
    long held = 0;
    for (Pending p : pending) {
      held += values(p.after());
    }
    return held;
  }

  private static long values(Map<String, double[]> tensors) {
    long n = 0;
    for (double[] t : tensors.values()) {
      n += t.length;
    }
    return n;
  }

  private void resolvePending(Object receiver, Object[] args) {
    if (lossMayStillCome()) {
      return; // the loss is not known yet: keep waiting
    }
    List<Pending> waiting = new ArrayList<>(pending);
    pending.clear();
    for (Pending p : waiting) {
      resolve(p, receiver, args);
    }
    budget.costPending(!pending.isEmpty() && !waitingForALateLoss());
  }

  /**
   * Verifies the steps held for the late loss just found when their replay needs nothing from a
   * later call: a loss over the model's own data (no arguments) or over the step's arguments. A
   * loss given other arguments would be replayed on a later call's, another batch: those steps
   * stay unverified.
   */
  private void resolveHeldSteps() {
    List<Pending> held = new ArrayList<>(pending);
    pending.clear();
    boolean ownArguments = takesNoArguments(info(lossId)) || lossTakesStepArgs;
    for (Pending p : held) {
      if (ownArguments) {
        resolve(p, lossReceiver, null);
      } else {
        verify(p, null);
      }
    }
    budget.costPending(!pending.isEmpty());
  }

  /** Records unverified the latest steps beyond what may wait for a late loss. */
  private void trimHeldSteps() {
    while (waitingForALateLoss()
        && (pending.size() > LATE_LOSS_HELD_STEPS || heldValues() > LATE_LOSS_HELD_VALUES)) {
      verify(pending.remove(pending.size() - 1), null);
    }
    budget.costPending(!pending.isEmpty() && !waitingForALateLoss());
  }

  private void resolve(Pending p, Object receiver, Object[] args) {
    if (lossId >= 0 && lossViaStep) {
      // The step is its own loss: replayed on this capture's own arguments, from its snapshot.
      // The call that ended discovery brings another batch, and replayed as a plain loss each
      // evaluation also applied an update, so the "noise" was the size of the loss itself.
      verify(p, replay(p.capture()));
      return;
    }
    if (lossId >= 0 && lossTakesStepArgs && !lossViaStep && p.capture().stepArgs != null) {
      // before the null test: the step's own arguments serve even when the loss call came
      // without its arguments (the first call of a given loss on the fast path)
      args = lossArgsOf(p.capture().stepArgs);
      receiver = lossReceiverFor(info(lossId), p.capture());
    }
    if (args == null && lossId >= 0 && takesNoArguments(info(lossId))) {
      args = new Object[0];
    }
    if (args == null && lossId >= 0 && !finishing) {
      pending.add(p); // the loss's next call brings its arguments (they are asked for now)
      return;
    }
    if (args == null || lossId < 0) {
      verify(p, null);
      return;
    }
    verify(
        p,
        new LossReplay(
            info(lossId),
            receiver,
            Args.deepCopy(args),
            p.capture().root,
            false,
            invoker,
            services.model()));
  }

  /** Verifies a pending step with its replay; recorded unverified when there is none. */
  private void verify(Pending p, LossReplay replay) {
    if (replay == null) {
      StepCapture c = p.capture();
      data.steps.add(withChecks(p.partial(), notChecked(c.step, p.after(), c.beforeValues), null));
      return;
    }
    long start = budget.now();
    complete(p.partial(), p.capture(), p.after(), replay);
    long verification = budget.now() - start;
    budget.spent(verification);
    budget.captureCost(p.capture().costNanos + verification);
  }

  /** The replay for a captured step, or null when the loss's arguments come after the step. */
  private LossReplay replay(StepCapture c) {
    MethodInfo loss = info(lossId);
    if (lossViaStep) {
      return c.stepArgs == null && c.frame.method.descriptor().startsWith("()") == false
          ? null
          : new LossReplay(loss, c.frame.receiver, c.stepArgs == null ? new Object[0] : c.stepArgs,
              c.root, true, invoker, services.model());
    }
    Object receiver = loss.isStatic() ? null : lossReceiverFor(loss, c);
    if (takesNoArguments(loss)) {
      // nothing to wait for: a loss() over the model's own data is replayed at once
      return new LossReplay(loss, receiver, new Object[0], c.root, false, invoker, services.model());
    }
    if (lossTakesStepArgs && c.stepArgs != null) {
      return new LossReplay(
          loss, receiver, lossArgsOf(c.stepArgs), c.root, false, invoker, services.model());
    }
    if (c.lossArgs != null) {
      return new LossReplay(
          loss, c.lossReceiver, c.lossArgs, c.root, false, invoker, services.model());
    }
    return null;
  }

  private static boolean takesNoArguments(MethodInfo method) {
    return method.descriptor().startsWith("()");
  }

  private Object lossReceiverFor(MethodInfo loss, StepCapture c) {
    if (c.lossReceiver != null) {
      return c.lossReceiver;
    }
    if (c.frame.receiver != null && loss.owner().equals(c.frame.method.owner())) {
      return c.frame.receiver;
    }
    return lossReceiver;
  }

  /** Step 1 found by discovery: verified from the snapshot of the step method's first call. */
  private void verifyFirstCall(Discovery.FirstCall first) {
    if (first.before == null || first.afterValues == null) {
      return;
    }
    long start = budget.now();
    MethodInfo loss = info(lossId);
    Object[] args;
    Object receiver;
    if (lossViaStep || lossTakesStepArgs) {
      args = first.args == null ? null : lossArgsOf(first.args);
      receiver = lossViaStep ? first.receiver : loss.isStatic() ? null : firstLossReceiver(loss, first);
    } else {
      Discovery.MethodRecord r = discovery.existing(lossId);
      args = r == null ? null : r.lastArgs;
      // a loss first seen after discovery (step 1 held for it) has no record: its own receiver
      receiver = r == null ? lossReceiver : r.lastReceiver;
    }
    StepTrace partial = firstCallTrace(first);
    if (args == null && !takesNoArguments(loss)) {
      data.steps.add(0, withChecks(partial, notChecked(1, first.afterValues, first.beforeValues), null));
      return;
    }
    LossReplay replay =
        new LossReplay(
            loss, receiver, args == null ? new Object[0] : args, first.root, lossViaStep, invoker,
            services.model());
    Verifier.Result result = verifier.verify(1, first.root, first.before, first.afterValues, replay);
    data.observe(1, result, null, true);
    data.steps.add(
        0,
        withChecks(
            partial,
            result.checks().isEmpty()
                ? notChecked(1, first.afterValues, first.beforeValues)
                : result.checks(),
            Double.isNaN(result.lossBefore()) ? null : result.lossBefore()));
    long cost = budget.now() - start;
    budget.spent(cost);
    budget.captureCost(cost);
    gate.stepRecorded();
  }

  /** Step 1's parameters before and after, from discovery's snapshot of the step's first call. */
  private StepTrace firstCallTrace(Discovery.FirstCall first) {
    List<TensorTrace> tensors = new ArrayList<>();
    SourceLocation where = location(info(first.methodId), 0);
    for (Map.Entry<String, double[]> e : first.afterValues.entrySet()) {
      tensors.add(
          tensorTraces.parameter(
              e.getKey(), TensorView.of(e.getValue()), first.beforeValues.get(e.getKey()), where));
    }
    return new StepTrace(1, null, tensors, List.of(), List.of(), null);
  }

  /**
   * Step 1 when no loss is known to verify it: still recorded, so that the rules see the
   * parameters' starting point (a zero-initialised bias first seen at step 2 would look like one
   * whose every update is as large as itself).
   */
  private void recordFirstCallUnverified(Discovery.FirstCall first) {
    if (first.afterValues == null || first.beforeValues == null) {
      return;
    }
    data.steps.add(
        0,
        withChecks(firstCallTrace(first), notChecked(1, first.afterValues, first.beforeValues),
            null));
  }

  private Object firstLossReceiver(MethodInfo loss, Discovery.FirstCall first) {
    if (first.receiver != null && loss.owner().equals(info(first.methodId).owner())) {
      return first.receiver;
    }
    Discovery.MethodRecord r = discovery.existing(loss.id());
    return r == null ? lossReceiver : r.lastReceiver;
  }

  private StepTrace stepTrace(StepCapture c, Map<String, double[]> after) {
    List<TensorTrace> tensors = new ArrayList<>();
    SourceLocation where = location(c.frame.method, 0);
    Map<String, TensorView> live = new java.util.LinkedHashMap<>();
    for (ModelAccess.ParameterTensor p : services.model().parameters(c.root)) {
      live.put(p.name(), p.view());
    }
    for (Map.Entry<String, TensorView> e : live.entrySet()) {
      tensors.add(
          tensorTraces.parameter(e.getKey(), e.getValue(), c.beforeValues.get(e.getKey()), where));
    }
    c.expandContainers();
    Roles roles = Roles.assign(c, functions, invoker);
    List<TensorTrace> produced = new ArrayList<>();
    for (StepCapture.Seen s : c.inOrder()) {
      if (s.name == null && roles.role(s) == TensorRole.INTERMEDIATE) {
        continue;
      }
      String name = s.name != null ? s.name : roles.fallbackName(s, c);
      TensorRole role = roles.role(s);
      ActivationKind kind = roles.kind(s);
      TensorView view = Tensors.view(s.array);
      if (role == TensorRole.INTERMEDIATE && kind == null) {
        kind = kindMemory.lend(name, view); // a layer that died or saturated since
        role = kind == null ? role : TensorRole.ACTIVATION;
      } else {
        kindMemory.saw(name, role, kind);
      }
      produced.add(tensorTraces.intermediate(name, role, kind, view, s.location, roles.batch()));
    }
    tensors.addAll(produced);
    NanOrigin nan = TensorTraces.nanOrigin(produced);
    if (nan == null) {
      nan = TensorTraces.nanOrigin(tensors);
    }
    return new StepTrace(
        c.step, null, tensors, List.of(), functions.derivativeCalls(c, roles), nan);
  }

  private static StepTrace withChecks(StepTrace t, List<GradientCheck> checks, Double loss) {
    return new StepTrace(
        t.step(), loss, t.tensors(), checks, t.derivativeCalls(), t.nanOrigin());
  }

  private static List<GradientCheck> notChecked(
      int step, Map<String, double[]> after, Map<String, double[]> before) {
    List<GradientCheck> checks = new ArrayList<>();
    for (Map.Entry<String, double[]> e : after.entrySet()) {
      double[] b = before.get(e.getKey());
      double norm = 0;
      if (b != null && b.length == e.getValue().length) {
        for (int i = 0; i < b.length; i++) {
          double d = e.getValue()[i] - b[i];
          norm += d * d;
        }
      }
      checks.add(Verifier.notChecked(e.getKey(), step, e.getValue().length, Math.sqrt(norm)));
    }
    return checks;
  }

  // =========================================================================================
  // Helpers
  // =========================================================================================

  private MethodInfo info(int id) {
    if (id < 0) {
      return null;
    }
    if (id >= infos.length) {
      int n = Math.max(id + 1, Math.max(services.sites().methodCount(), infos.length * 2));
      infos = Arrays.copyOf(infos, n);
      calls = Arrays.copyOf(calls, n);
    }
    MethodInfo m = infos[id];
    if (m == null) {
      try {
        m = services.sites().method(id);
      } catch (RuntimeException e) {
        return null;
      }
      infos[id] = m;
    }
    return m;
  }

  /**
   * The object whose parameters a method changes: its receiver; for a static method its class's
   * static fields, or — when they hold no parameters — the first argument that does (a {@code
   * static void descend(Model m, double[][] x, …)} on a record of arrays), decided at the first
   * call that brings its arguments and kept per method.
   */
  private Object root(MethodInfo m, Object receiver, Object[] args) {
    if (receiver != null) {
      return enclosingModel.rootFor(receiver);
    }
    Class<?> type = invoker.type(m.owner());
    if (!m.isStatic()) {
      return type;
    }
    Integer index = argumentRoots.get(m.id());
    if (index == null && args != null) {
      index = argumentRootIndex(type, args);
      argumentRoots.put(m.id(), index);
    }
    return index != null && index >= 0 && args != null && index < args.length && args[index] != null
        ? args[index]
        : type;
  }

  /** The index of the first argument holding parameters, or -1 (see {@link #root}). */
  private int argumentRootIndex(Class<?> type, Object[] args) {
    try {
      if (type == null || !services.model().parameters(type).isEmpty()) {
        return -1;
      }
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a != null
            && !a.getClass().isArray()
            && !a.getClass().getName().startsWith("java.")
            && !(a instanceof Class<?>)
            && Tensors.matrix(a) == null
            && !services.model().parameters(a).isEmpty()) {
          return i;
        }
      }
    } catch (RuntimeException e) {
      // an argument whose fields cannot be read holds no parameters we could verify
    }
    return -1;
  }

  private SourceLocation location(Frame frame) {
    return location(frame.method, frame.lastStoreLine);
  }

  static SourceLocation location(MethodInfo m, int line) {
    return new SourceLocation(m.owner(), m.name(), m.file(), line > 0 ? line : m.firstLine());
  }

  // =========================================================================================
  // End of run
  // =========================================================================================

  /** Stops recording (at shutdown) and returns what was seen; later events are ignored. */
  public synchronized TraceData finish() {
    if (!stopped) {
      if (capture != null) {
        finishCapture(false);
      }
      if (discovering && stepId >= 0) {
        chooseLossIfNeeded(); // a run shorter than the promotion window
      }
      finishing = true;
      if (lossId < 0 && settings.loss() == null && stepId >= 0) {
        problems.report(
            "no-loss",
            "no loss method was found (a method returning a scalar, called repeatedly, that does"
                + " not change the parameters); updates are recorded but not verified. Name one"
                + " with loss=Class#method",
            null);
      }
      if (stepId < 0 && settings.step() == null) {
        problems.report(
            "no-step",
            "no training step was found: "
                + (services.sites().methodCount() == 0
                    ? "no class was instrumented: include matched none of the classes this JVM"
                        + " loaded"
                    : "no instrumented method was called repeatedly while changing the arrays of"
                        + " its object (or of its class's static fields); name one with"
                        + " step=Class#method"),
            null);
      }
      if (stepId < 0 && settings.step() != null) {
        problems.report(
            "given-step-not-called",
            "the given step=" + settings.step() + " was never called: "
                + GivenTargets.whyNeverCalled(settings.step(), services.sites()),
            null);
      }
      if (lossId < 0 && settings.loss() != null && !givenLossRejected) {
        problems.report(
            "given-loss-not-called",
            "the given loss=" + settings.loss() + " was never called ("
                + GivenTargets.whyNeverCalled(settings.loss(), services.sites())
                + "); updates are recorded but not verified",
            null);
      }
      if (!pending.isEmpty()) {
        resolvePending(lossReceiver, latestLossArgs);
      }
      if (discovering && deferredFirst != null) {
        if (lossId >= 0) {
          verifyFirstCall(deferredFirst);
        } else {
          recordFirstCallUnverified(deferredFirst);
        }
      }
      if (heldFirst != null) {
        recordFirstCallUnverified(heldFirst); // the loss never came
        heldFirst = null;
      }
      data.lossOnOtherData = lossOnOtherData();
      stopped = true;
      tracing = false;
      probesFollow();
      stepId = -1;
      lossId = -1;
      functions.probePending();
      gate.trainingEnded();
    }
    data.stepsRun = steps;
    data.agentMillis = budget.agentMillis();
    data.probes = functions.results();
    data.activationKinds = functions.activationKinds();
    return data;
  }

  // =========================================================================================
  // The live REPL (see StepGate); called on the training thread while the gate holds it
  // =========================================================================================

  /** Installs the gate the live REPL holds the training thread at. */
  public void gate(StepGate gate) {
    this.gate = gate == null ? StepGate.NONE : gate;
  }

  /** What was seen so far, as {@link #finish()} would return it, without ending anything. */
  public TraceData snapshot() {
    TraceData copy = new TraceData();
    copy.step = data.step;
    copy.stepReason = data.stepReason;
    copy.loss = data.loss;
    copy.lossReason = data.lossReason;
    copy.stepLocation = data.stepLocation;
    copy.lossLocation = data.lossLocation;
    copy.losses.addAll(data.losses);
    copy.steps.addAll(data.steps);
    copy.observed.putAll(data.observed);
    copy.stochasticSteps.addAll(data.stochasticSteps);
    copy.lossOnOtherData = lossOnOtherData();
    for (Pending p : pending) {
      // captured, still waiting for the loss (discovery has not chosen it yet): shown unverified
      copy.steps.add(
          withChecks(
              p.partial(), notChecked(p.capture().step, p.after(), p.capture().beforeValues), null));
    }
    copy.stepsRun = steps;
    copy.agentMillis = budget.agentMillis();
    copy.probes = functions.results();
    copy.activationKinds = functions.activationKinds();
    return copy;
  }

  /**
   * Runs the step call the gate holds on a snapshot, compares each parameter's update with the
   * numeric gradient of the loss, and restores the model (and the statics of the step's class)
   * exactly: the held call then runs as if nothing happened. Nothing of it is recorded, and what it
   * prints is swallowed.
   *
   * @param tensor the parameter to check, or null for all
   * @param oracle the checker to use (the REPL's {@code --full} forces per-coordinate checks)
   * @throws IllegalStateException with the reason when the held call cannot be rerun
   */
  public List<GradientCheck> checkHeldStep(
      String tensor, GradientOracle oracle, dev.backprobe.repl.Session.Progress progress) {
    MethodInfo step = info(stepId);
    if (step == null) {
      throw new IllegalStateException("no step method is known yet; name one with step=Class#method");
    }
    if (pausedArgs == null && !takesNoArguments(step)) {
      throw new IllegalStateException(
          "the arguments of step " + steps + " were not kept; `step` pauses at the next step with"
              + " them");
    }
    Object[] stepArgs = pausedArgs == null ? new Object[0] : pausedArgs;
    Object root = root(step, pausedReceiver, pausedArgs);
    LossReplay loss = heldLoss(step, root, stepArgs);
    ModelAccess.StateSnapshot model = services.model().capture(root);
    Object owner = invoker.type(step.owner());
    ModelAccess.StateSnapshot statics =
        owner == null || owner == root ? () -> {} : services.model().capture(owner);
    try {
      Map<String, double[]> after = runHeldStep(step, stepArgs, root);
      return checkEach(tensor, after, root, model, loss, oracle, progress);
    } finally {
      model.restore();
      statics.restore();
    }
  }

  private Map<String, double[]> runHeldStep(MethodInfo step, Object[] stepArgs, Object root) {
    try {
      Quiet.call(() -> invoker.invoke(step, pausedReceiver, Args.deepCopy(stepArgs)));
    } catch (Exception | LinkageError | StackOverflowError e) {
      throw new IllegalStateException(
          "rerunning " + step.qualifiedName() + " failed: " + Problems.describe(e));
    }
    return Discovery.values(services.model().parameters(root));
  }

  private List<GradientCheck> checkEach(
      String tensor,
      Map<String, double[]> after,
      Object root,
      ModelAccess.StateSnapshot before,
      LossReplay loss,
      GradientOracle oracle,
      dev.backprobe.repl.Session.Progress progress) {
    List<String> names = new ArrayList<>(after.keySet());
    if (tensor != null) {
      if (!names.contains(tensor)) {
        throw new IllegalStateException(
            tensor + " is not a parameter the step updates; parameters: " + String.join(", ", names));
      }
      names = List.of(tensor);
    }
    Verifier check = new Verifier(services.model(), oracle, problems);
    List<GradientCheck> checks = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      progress.update(i, names.size());
      String name = names.get(i);
      for (GradientCheck c :
          check.verify(steps, root, before, Map.of(name, after.get(name)), loss).checks()) {
        if (tensor != null || !ModelState.showsState(c)) {
          checks.add(c); // data, caches and optimizer state only when asked for by name
        }
      }
    }
    progress.update(names.size(), names.size());
    return checks;
  }

  /**
   * The loss to replay for the held step call: the chosen one, or while discovery is still
   * running, the one it would choose now (tentatively: the choice itself is left to discovery).
   */
  private LossReplay heldLoss(MethodInfo step, Object root, Object[] stepArgs) {
    int id = lossId;
    boolean viaStep = lossViaStep;
    Object lastReceiver = lossReceiver;
    Object[] lastArgs = latestLossArgs;
    if (id < 0 && discovering) {
      Discovery.LossChoice choice = discovery.chooseLoss(step, root, calls[step.id()]);
      Discovery.MethodRecord r = choice == null ? null : discovery.existing(choice.methodId());
      if (r != null) {
        id = choice.methodId();
        viaStep = choice.viaStep();
        lastReceiver = r.lastReceiver;
        lastArgs = r.lastArgs;
      }
    }
    if (id < 0) {
      throw new IllegalStateException(
          "no loss method has been seen yet; `step` and try again, or name one with"
              + " loss=Class#method");
    }
    MethodInfo loss = info(id);
    if (viaStep) {
      return new LossReplay(loss, pausedReceiver, stepArgs, root, true, invoker, services.model());
    }
    boolean projected = id == lossId && lossArgsFromStep != null && stepArgs != null;
    boolean takesStepArgs =
        projected
            || Invoker.parameterTypes(step.descriptor())
                .equals(Invoker.parameterTypes(loss.descriptor()));
    if (projected) {
      stepArgs = ArgumentMatch.project(stepArgs, lossArgsFromStep);
    }
    Object receiver =
        loss.isStatic()
            ? null
            : pausedReceiver != null && loss.owner().equals(step.owner())
                ? pausedReceiver
                : lastReceiver;
    Object[] args = takesNoArguments(loss) ? new Object[0] : takesStepArgs ? stepArgs : lastArgs;
    if (args == null) {
      throw new IllegalStateException(
          "the loss " + loss.qualifiedName() + " has not been called yet; `step` and try again");
    }
    return new LossReplay(
        loss, receiver, Args.deepCopy(args), root, false, invoker, services.model());
  }

  /** For tests and the REPL: steps counted so far. */
  public int steps() {
    return steps;
  }

  /** For tests: the chosen step and loss ({@code pkg.Class#method}) or null. */
  public String stepMethod() {
    return data.step;
  }

  public String lossMethod() {
    return data.loss;
  }

  public String lossReason() {
    return lossReason;
  }

  /** For tests: whether probes take the slow path. */
  boolean tracing() {
    return tracing;
  }

  /** One step's update by tensor name. */
  private record PreviousUpdate(int step, Map<String, double[]> delta) {}

  /** What the recorder hands to the shutdown writer. */
  public static final class TraceData {
    String step;
    String stepReason;
    String loss;
    String lossReason;
    SourceLocation stepLocation;
    SourceLocation lossLocation;
    int stepsRun;
    long agentMillis;
    final List<LossPoint> losses = new ArrayList<>();
    final List<StepTrace> steps = new ArrayList<>();
    /** Verified steps' updates, gradients and momentum projections, by step ({@link #observe}). */
    final java.util.TreeMap<Integer, UpdateModels.Observed> observed = new java.util.TreeMap<>();
    /** Captured steps that drew random numbers from the model's own generators. */
    final java.util.Set<Integer> stochasticSteps = new java.util.TreeSet<>();
    /**
     * Whether the loss was replayed on data of its own (no arguments, or another call's) rather
     * than on the step's: a minibatch step is then measured against another batch's loss.
     */
    boolean lossOnOtherData;
    List<dev.backprobe.probe.ProbeResult> probes = List.of();
    Map<String, ActivationKind> activationKinds = Map.of();

    void restart() {
      losses.clear();
      steps.clear();
      observed.clear();
      stochasticSteps.clear();
    }

    /**
     * Keeps a verified step's updates and numeric gradients while it is among the {@link
     * UpdateModels#OBSERVED_STEPS} earliest: step 1 (no velocity or moments yet) and the
     * consecutive steps after it are what momentum and Adam are recognised by. Later steps keep
     * only their momentum projections (when the previous step's update was recorded): their full
     * gradients would hold every large tensor's random directions until the end of the run.
     *
     * @param previousDelta Δθ of step − 1 by tensor, or null when it was not recorded
     * @param successorWanted whether the capture policy wants the next step too
     */
    void observe(
        int step,
        Verifier.Result result,
        Map<String, double[]> previousDelta,
        boolean successorWanted) {
      if (result.gradients().isEmpty()) {
        return;
      }
      UpdateModels.Observed before = observed.get(step - 1);
      UpdateModels.Observed seen =
          UpdateModels.Observed.of(step, result, previousDelta)
              .withTermsAfter(before, result.gradients());
      // its update is read again only by its successor's projections, or as step 1's by the fit
      observed.put(step, successorWanted || step == 1 ? seen : seen.withoutDeltas());
      // an earlier update has served its successor's projections, or its successor will not come
      // (steps only increase); step 1's is read again by the fit
      for (UpdateModels.Observed o : new ArrayList<>(observed.headMap(step).values())) {
        if (o.step() != 1 && o.isFull()) {
          observed.put(o.step(), o.withoutDeltas());
        }
      }
      int full = 0;
      for (Map.Entry<Integer, UpdateModels.Observed> e : new ArrayList<>(observed.entrySet())) {
        if (e.getValue().isFull() && ++full > UpdateModels.OBSERVED_STEPS) {
          UpdateModels.Observed reduced = e.getValue().reduced();
          if (reduced.terms().isEmpty()) {
            observed.remove(e.getKey());
          } else {
            observed.put(e.getKey(), reduced);
          }
        }
      }
      while (observed.size() > UpdateModels.MAX_OBSERVED_STEPS) {
        observed.pollLastEntry();
      }
    }

    /** The kept observations, by step. */
    List<UpdateModels.Observed> observed() {
      return List.copyOf(observed.values());
    }

    /** The captured steps that drew random numbers from the model's generators. */
    boolean lossOnOtherData() {
      return lossOnOtherData;
    }

    java.util.Set<Integer> stochasticSteps() {
      return java.util.Set.copyOf(stochasticSteps);
    }

    public String step() {
      return step;
    }

    public String stepReason() {
      return stepReason;
    }

    public String loss() {
      return loss;
    }

    public String lossReason() {
      return lossReason;
    }

    public SourceLocation stepLocation() {
      return stepLocation;
    }

    public SourceLocation lossLocation() {
      return lossLocation;
    }

    public int stepsRun() {
      return stepsRun;
    }

    public long agentMillis() {
      return agentMillis;
    }

    public List<LossPoint> losses() {
      return losses;
    }

    public List<StepTrace> steps() {
      List<StepTrace> sorted = new ArrayList<>(steps);
      sorted.sort(java.util.Comparator.comparingInt(StepTrace::step));
      return sorted;
    }

    public List<dev.backprobe.probe.ProbeResult> probes() {
      return probes;
    }
  }
}
