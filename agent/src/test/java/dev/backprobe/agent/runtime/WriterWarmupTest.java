package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.FindingsIO;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's warm-up: its input still parses and renders through the writer's calls, and its
 * thread is a silent daemon.
 *
 * <p>When the trace format changes and the first test fails, make the resource again from the
 * {@code agent} folder after {@code mvn -o -q package -pl agent -am -DskipTests}:
 *
 * <pre>
 * java -javaagent:target/backprobe-agent.jar=out=target/warmup -cp target/test-classes \
 *     org.example.trainers.adam.AdamNet ascent 3
 * cp target/warmup/trace.json src/main/resources/dev/backprobe/agent/runtime/warmup-trace.json
 * </pre>
 */
class WriterWarmupTest {

  /** "A few tens of KB": parsing it is part of what the warm-up costs the trainer. */
  private static final int MAX_TRACE_BYTES = 64 * 1024;

  /** Far more than a rehearsal takes, even on a loaded CI machine. */
  private static final long JOIN_SECONDS = 60;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream out;
  private PrintStream err;

  @BeforeEach
  void captureConsole() {
    out = System.out;
    err = System.err;
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
  }

  @AfterEach
  void restoreConsole() {
    System.setOut(out);
    System.setErr(err);
  }

  @Test
  void should_parse_rule_and_render_its_trace_through_the_writers_calls() throws Exception {
    WriterWarmup.Output output = WriterWarmup.rehearse(WriterWarmup.load());

    Trace trace = output.trace();
    assertThat(trace.steps()).isNotEmpty();
    assertThat(trace.steps()).anySatisfy(s -> assertThat(s.checks()).isNotEmpty());
    assertThat(trace.probes()).isNotEmpty();
    assertThat(output.evaluation().problems()).as("rules that failed on it").isEmpty();
    assertThat(output.evaluation().findings()).as("findings, to warm their code").isNotEmpty();
    assertThat(TraceIO.fromJson(output.traceJson(), "rewritten").steps())
        .hasSameSizeAs(trace.steps());
    assertThat(FindingsIO.fromJson(output.findingsJson(), "rewritten").findings())
        .hasSameSizeAs(output.evaluation().findings());
    assertThat(output.page()).startsWith("<!DOCTYPE html>").contains("gradient-sign");
    assertThat(output.summary()).startsWith("[backprobe] 3 steps of ");
    assertThat(printed.toByteArray()).isEmpty();
  }

  @Test
  void should_keep_its_trace_small() throws Exception {
    try (InputStream in = WriterWarmup.class.getResourceAsStream(WriterWarmup.TRACE)) {
      assertThat(in).isNotNull();
      assertThat(in.readAllBytes().length).isLessThan(MAX_TRACE_BYTES);
    }
  }

  @Test
  void should_run_on_a_silent_lowest_priority_daemon_thread() throws Exception {
    Thread thread = WriterWarmup.start().thread().orElseThrow();

    assertThat(thread.getName()).isEqualTo(WriterWarmup.THREAD_NAME);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    thread.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
    assertThat(thread.isAlive()).isFalse();
    assertThat(printed.toByteArray()).isEmpty();
  }

  @Test
  void should_cancel_a_rehearsal_still_waiting_for_its_delay_when_the_writer_settles_it() {
    java.util.concurrent.atomic.AtomicBoolean called = new java.util.concurrent.atomic.AtomicBoolean();
    WriterWarmup warmup =
        WriterWarmup.start(
            () -> {
              called.set(true);
              return WriterWarmup.load();
            },
            TimeUnit.SECONDS.toMillis(JOIN_SECONDS));

    warmup.settle();

    assertThat(warmup.thread().orElseThrow().isAlive()).isFalse();
    assertThat(called).isFalse();
  }

  @Test
  void should_let_a_rehearsal_under_way_finish_before_the_writer_goes_on() throws Exception {
    java.util.concurrent.CountDownLatch begun = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    WriterWarmup warmup =
        WriterWarmup.start(
            () -> {
              begun.countDown();
              Trace trace = WriterWarmup.load();
              finished.set(true);
              return trace;
            },
            0);
    assertThat(begun.await(JOIN_SECONDS, TimeUnit.SECONDS)).isTrue();

    warmup.settle();

    assertThat(finished).isTrue();
    assertThat(warmup.thread().orElseThrow().isAlive()).isFalse();
  }

  @Test
  void should_swallow_a_failure_in_silence() {
    new WriterWarmup(
            () -> {
              throw new IllegalStateException("no trace");
            })
        .run();
    new WriterWarmup(
            () -> {
              throw new StackOverflowError();
            })
        .run();
    new WriterWarmup(() -> null).run();

    assertThat(printed.toByteArray()).isEmpty();
  }
}
