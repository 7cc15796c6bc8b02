package dev.backprobe.agent.runtime;

import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.report.HtmlReport;
import dev.backprobe.report.ReportOptions;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.trace.FileFormatException;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Rehearses the shutdown writer on a background thread while the trainer runs, so that the JVM's
 * exit does not pay for loading and initialising its code.
 *
 * <p>Why: the first report of a JVM loads some 600 classes from the agent jar (mostly Jackson's
 * serializer introspection of the trace and findings records, then the rules and the HTML report),
 * all cold, which added about 0.4 s to every exit, an empty run's included. What a rehearsal loads
 * and initialises stays loaded, and Jackson's serializers stay cached in the shared mapper, so the
 * writer at exit finds them ready.
 *
 * <p>The rehearsal makes the writer's own calls ({@link RulesEngine#run}, {@link
 * ShutdownWriter#document}, {@link TraceIO#toJson}, {@link FindingsIO#toJson}, {@link
 * HtmlReport#render}, {@link ShutdownWriter#summary}) on {@value #TRACE}, the trace the agent wrote
 * for three steps of a small trainer with a sign bug (parameters, activations, gradient checks, a
 * probe and three findings; {@code WriterWarmupTest} says how to make it again), and throws every
 * result away. A resource rather than a trace built in code: it is what the agent really writes,
 * and it keeps parsing when the format gains optional fields. It never writes a file or prints,
 * never touches the {@link Recorder}, the {@code Bridge} or the trainer's objects, and reads
 * nothing but that resource: the report is rendered with no source folders, so no trainer source
 * is searched for.
 *
 * <p>Never a cost to the host beyond CPU on a background thread and some short-lived garbage: the
 * thread is a daemon (it never keeps the JVM alive), at the lowest priority, and swallows every
 * {@link Throwable} in silence — a failed rehearsal only means a slower exit. The writer at exit
 * calls {@link #settle}: a rehearsal still in its delay is cancelled, one under way is waited for,
 * so the two never initialise the writer's classes at the same time.
 */
final class WriterWarmup implements Runnable {

  /** The thread's name, as thread dumps show it. */
  static final String THREAD_NAME = "backprobe-warmup";

  /**
   * The lowest priority: the trainer's threads go first wherever the operating system honours Java
   * priorities (Linux ignores them by default, so there it is an equal share of a core).
   */
  static final int PRIORITY = Thread.MIN_PRIORITY;

  /**
   * How long the thread waits before rehearsing: 1 s. Started at once, on a 2-core machine it
   * competed with the trainer's own start-up (its class loading, the JIT compiling its loops, the
   * opening captures) and cost the first 20 steps of the benchmark trainer 0.2–0.3 s, as much as
   * it saved at exit. A run shorter than this exits at the old cost.
   */
  static final long DELAY_MILLIS = 1_000;

  /** The rehearsal's input, a resource next to this class in the agent jar. */
  static final String TRACE = "warmup-trace.json";

  /** Report options for the rehearsal: no source folders, so no file is searched or read. */
  private static final ReportOptions NO_SOURCES = ReportOptions.onlySources(List.of());

  /** The summary's folder: a name only, never created. */
  private static final Path NOWHERE = Path.of("backprobe-warmup");

  /** What one rehearsal produced, for tests; the thread discards it. */
  record Output(
      Trace trace,
      RulesEngine.Evaluation evaluation,
      String traceJson,
      String findingsJson,
      String page,
      String summary) {}

  /**
   * How long the writer at exit waits for a rehearsal under way: 10 s, far beyond the 0.3–0.6 s one
   * takes. The writer never runs beside a rehearsal (two threads first initialising classes whose
   * static initialisers refer to each other could deadlock, and a hung shutdown hook would keep
   * the trainer's JVM from exiting); a rehearsal still in its delay is cancelled instead.
   */
  static final long SETTLE_MILLIS = 10_000;

  private final Callable<Trace> input;
  private final long delayMillis;
  private final Object lock = new Object();
  private boolean cancelled;
  private Thread thread;

  /** A warm-up of the writer on {@code input}'s trace (normally {@link #load()}), at once. */
  WriterWarmup(Callable<Trace> input) {
    this(input, 0);
  }

  private WriterWarmup(Callable<Trace> input, long delayMillis) {
    this.input = input;
    this.delayMillis = delayMillis;
  }

  /** Starts the rehearsal of {@value #TRACE} on its own daemon thread, after {@link #DELAY_MILLIS}. */
  static WriterWarmup start() {
    return start(WriterWarmup::load, DELAY_MILLIS);
  }

  /**
   * Starts a rehearsal of {@code input} after {@code delayMillis}; when no thread can be started
   * the exit is only slower.
   */
  static WriterWarmup start(Callable<Trace> input, long delayMillis) {
    WriterWarmup warmup = new WriterWarmup(input, delayMillis);
    try {
      Thread t = new Thread(warmup, THREAD_NAME);
      t.setDaemon(true);
      t.setPriority(PRIORITY);
      t.start();
      warmup.thread = t;
    } catch (Throwable e) {
      // no thread: nothing to settle either
    }
    return warmup;
  }

  /** The rehearsal's thread, if one was started (for tests). */
  Optional<Thread> thread() {
    return Optional.ofNullable(thread);
  }

  /**
   * Called by the writer at exit: cancels a rehearsal that has not begun, and waits (at most
   * {@link #SETTLE_MILLIS}) for one under way, so that the two never load the writer's classes at
   * the same time.
   */
  void settle() {
    synchronized (lock) {
      cancelled = true;
      lock.notifyAll();
    }
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(SETTLE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    try {
      if (waitForTheDelay()) {
        rehearse(input.call());
      }
    } catch (Throwable ignored) {
      // A failed rehearsal costs only the time it would have saved at exit; the host never hears.
    }
  }

  /** Whether the delay ran out before {@link #settle} cancelled the rehearsal. */
  private boolean waitForTheDelay() throws InterruptedException {
    long end = System.nanoTime() + delayMillis * 1_000_000L;
    synchronized (lock) {
      long left;
      while (!cancelled && (left = end - System.nanoTime()) > 0) {
        lock.wait(Math.max(1, left / 1_000_000L));
      }
      return !cancelled;
    }
  }

  /** Reads the rehearsal's trace from the agent jar. */
  static Trace load() throws IOException, FileFormatException {
    try (InputStream in = WriterWarmup.class.getResourceAsStream(TRACE)) {
      if (in == null) {
        throw new IOException(TRACE + " is missing from the agent jar");
      }
      return TraceIO.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), TRACE);
    }
  }

  /** Runs the writer's steps on a trace, into strings. */
  static Output rehearse(Trace trace) {
    RulesEngine.Evaluation evaluation = new RulesEngine().run(trace);
    FindingsDocument document = ShutdownWriter.document(trace, evaluation.findings());
    String traceJson = TraceIO.toJson(trace);
    String findingsJson = FindingsIO.toJson(document);
    String page = HtmlReport.render(trace, document, NO_SOURCES);
    String summary = ShutdownWriter.summary(trace, document, NOWHERE, List.of());
    return new Output(trace, evaluation, traceJson, findingsJson, page, summary);
  }
}
