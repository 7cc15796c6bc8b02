package dev.backprobe.agent.live;

import dev.backprobe.agent.AgentOptions.ReplTrigger;
import dev.backprobe.agent.runtime.StepGate;
import dev.backprobe.findings.Finding;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.Trace;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * The hand-over between the training thread and the REPL's thread. On the training thread it is
 * the recorder's {@link StepGate}: it decides before which step call the trainer stops
 * ({@code repl=N}, {@code repl=error}, the next call after {@code step}), parks the thread there,
 * runs on it whatever the REPL asks ({@link #call}: a numeric check, a report), and lets it go on
 * {@code step}, {@code continue} or {@code quit}. The REPL itself runs on its own thread (see
 * {@link ReplLauncher}) so that {@code step} can wait for the trainer to come back.
 */
public final class LivePause implements StepGate {

  /** How the REPL lets the trainer go. */
  enum Resume {
    /** Run one step call, captured, and stop before the next. */
    STEP,
    /** Run on; with {@code repl=error}, stop again at the next new error. */
    CONTINUE,
    /** Run to the end without stopping again. */
    DETACH
  }

  /** A request from the REPL's thread: work to run on the training thread, or a resume. */
  private record Request(Runnable work, Resume resume) {}

  private final ReplTrigger trigger;
  private final LiveHost host;
  private final ReplLauncher launcher;
  private final LiveSession session;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

  // training thread only
  private boolean triggerFired;
  private boolean stepping;
  private boolean detached;
  private boolean errorCheckDue;
  private final Set<String> errorsSeen = new HashSet<>();

  // shared with the REPL's thread
  private volatile PausePoint current;
  private volatile boolean replOpen;
  private volatile boolean resumedSinceOpen;
  private volatile boolean ended;
  private volatile CompletableFuture<PausePoint> nextPause;

  public LivePause(ReplTrigger trigger, LiveHost host, ReplLauncher launcher) {
    this.trigger = trigger;
    this.host = host;
    this.launcher = launcher;
    this.session = new LiveSession(this, host);
  }

  // ---- StepGate: the training thread ----------------------------------------------------------

  @Override
  public boolean wantsCapture(int step) {
    // the step before a repl=N pause is captured so that the REPL shows the state it left
    return !detached && (stepping || !triggerFired && step == trigger.beforeStep() - 1);
  }

  @Override
  public boolean wantsArguments(int step) {
    boolean nearTrigger =
        !triggerFired && trigger.beforeStep() > 0 && step >= trigger.beforeStep() - 1;
    return !detached && (stepping || errorCheckDue || nearTrigger);
  }

  @Override
  public void beforeStep(int step) {
    if (detached || ended) {
      return;
    }
    boolean byNumber = !triggerFired && trigger.beforeStep() > 0 && step >= trigger.beforeStep();
    if (byNumber || stepping) {
      triggerFired |= byNumber;
      stepping = false;
      hold(point(step));
    } else if (trigger.onError() && errorCheckDue) {
      errorCheckDue = false; // the rules run once per verified capture, not at every step
      PausePoint point = point(step);
      if (hasNewError(point.findings())) {
        hold(point);
      }
    }
  }

  @Override
  public void stepRecorded() {
    errorCheckDue = trigger.onError();
  }

  @Override
  public void trainingEnded() {
    ended = true;
    CompletableFuture<PausePoint> waiting = nextPause;
    if (waiting != null) {
      waiting.complete(null);
    }
    requests.add(new Request(null, Resume.DETACH)); // a thread still held goes on
  }

  private PausePoint point(int step) {
    Trace trace = host.trace();
    return new PausePoint(step, trace, host.findings(trace));
  }

  private boolean hasNewError(List<Finding> findings) {
    boolean fresh = false;
    for (Finding f : findings) {
      if (f.severity() == Severity.ERROR) {
        fresh |= errorsSeen.add(f.rule() + " " + f.subject());
      }
    }
    return fresh;
  }

  /** Parks the training thread until the REPL lets it go, running what it asks meanwhile. */
  private void hold(PausePoint point) {
    hasNewError(point.findings()); // errors already on screen do not stop repl=error again
    current = point;
    CompletableFuture<PausePoint> waiting = nextPause;
    if (replOpen && waiting != null) {
      waiting.complete(point);
    } else {
      replOpen = true;
      resumedSinceOpen = false;
      launcher.open(session, this::replClosed);
    }
    while (true) {
      Request request;
      try {
        request = requests.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the trainer's own interrupt: let it see it
        detached = true;
        return;
      }
      if (request.resume() == null) {
        request.work().run();
      } else {
        apply(request.resume());
        return;
      }
    }
  }

  private void apply(Resume resume) {
    switch (resume) {
      case STEP -> stepping = true;
      case CONTINUE -> replOpen = false;
      case DETACH -> {
        detached = true;
        replOpen = false;
      }
    }
  }

  // ---- the REPL's thread ----------------------------------------------------------------------

  /** Where the trainer is held, or was last held. */
  PausePoint current() {
    return current;
  }

  boolean ended() {
    return ended;
  }

  /** Runs {@code work} on the held training thread and returns its result (or rethrows). */
  <T> T call(Supplier<T> work) {
    if (ended) {
      throw new IllegalStateException("the trainer has finished");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    requests.add(
        new Request(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException | LinkageError | StackOverflowError e) {
                result.completeExceptionally(e);
              }
            },
            null));
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause().toString(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the trainer");
    }
  }

  /** Lets one step call run and waits until the trainer is held again; null once it finished. */
  PausePoint step() {
    CompletableFuture<PausePoint> next = new CompletableFuture<>();
    nextPause = next;
    resume(Resume.STEP);
    try {
      return next.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      nextPause = null;
    }
  }

  void resume(Resume resume) {
    resumedSinceOpen = resume != Resume.STEP;
    requests.add(new Request(null, resume));
  }

  /** The REPL's thread ended (quit, continue, end of input, or a fault): never leave it held. */
  private void replClosed() {
    if (!resumedSinceOpen) {
      resume(Resume.DETACH);
    }
  }
}
