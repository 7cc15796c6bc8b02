package dev.backprobe.agent.runtime;

import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code trace.json} on a thread of its own, for the {@link ShutdownWriter} at exit: the
 * trace is complete and no longer changes, so the write can overlap the rules and the HTML report.
 * When no thread can be started the file is written at {@link #await} on the caller's thread.
 */
final class TraceFileWriter implements Runnable {

  /** The thread's name, as thread dumps show it. */
  static final String THREAD_NAME = "backprobe-trace-writer";

  private final Trace trace;
  private final Path out;
  private Thread thread;
  /** What the write threw, read after {@link Thread#join} (which orders it). */
  private Throwable failure;
  private boolean done;

  private TraceFileWriter(Trace trace, Path out) {
    this.trace = trace;
    this.out = out;
  }

  /** Starts writing {@code out/trace.json}. */
  static TraceFileWriter start(Trace trace, Path out) {
    TraceFileWriter writer = new TraceFileWriter(trace, out);
    try {
      Thread t = new Thread(writer, THREAD_NAME);
      t.setDaemon(true); // a shutdown hook's helper must never keep the JVM alive on its own
      t.start();
      writer.thread = t;
    } catch (Throwable e) {
      writer.thread = null; // written by await() instead
    }
    return writer;
  }

  @Override
  public void run() {
    try {
      Files.createDirectories(out);
      TraceIO.write(trace, out.resolve(TraceIO.FILE_NAME));
    } catch (Throwable e) {
      failure = e;
    }
    done = true;
  }

  /**
   * Waits for the write to finish.
   *
   * @throws IOException or an unchecked exception: what the write threw
   */
  void await() throws IOException {
    if (thread == null) {
      run();
    } else {
      joinUninterruptibly();
    }
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    if (!done) {
      throw new IllegalStateException("the trace writer stopped without finishing");
    }
  }

  /** A shutdown hook cannot give up on its own files; an interrupt is kept for the caller. */
  private void joinUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
