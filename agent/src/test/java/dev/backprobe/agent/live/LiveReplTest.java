package dev.backprobe.agent.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.AgentOptions.ReplTrigger;
import dev.backprobe.agent.runtime.CapturePolicy;
import dev.backprobe.agent.runtime.Problems;
import dev.backprobe.agent.runtime.Recorder;
import dev.backprobe.agent.runtime.ShutdownWriter;
import dev.backprobe.agent.trainers.InProcessAgent;
import dev.backprobe.repl.Repl;
import dev.backprobe.repl.ReplCommand;
import dev.backprobe.repl.ReplOptions;
import dev.backprobe.repl.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.example.trainers.floats.FloatNet;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live REPL over a trainer paused in this JVM: a real trainer runs through the real transformer
 * and recorder ({@link InProcessAgent}), the {@link LivePause} holds it, and a scripted REPL on a
 * dumb terminal drives it through the commands that need a running trainer.
 */
class LiveReplTest {

  @TempDir Path out;

  /** The REPL's whole output, once it has ended. */
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private final CountDownLatch replEnded = new CountDownLatch(1);

  private InProcessAgent.Run run(ReplTrigger trigger, String script, String variant) {
    Recorder.Settings settings = new Recorder.Settings(null, null, CapturePolicy.log(), 1.0);
    return InProcessAgent.run(
        settings, recorder -> pause(recorder, trigger, script), FloatNet.class, variant);
  }

  private LivePause pause(Recorder recorder, ReplTrigger trigger, String script) {
    Problems problems = new Problems(null);
    ShutdownWriter.RunFacts facts =
        new ShutdownWriter.RunFacts("test", FloatNet.class.getName(), "test", Map.of(), List.of(), 0);
    return new LivePause(
        trigger, new RecorderHost(recorder, () -> facts, problems, out), scripted(script));
  }

  /** Each pause opens a REPL that reads the next lines of the script (one block per pause). */
  private ReplLauncher scripted(String script) {
    String[] blocks = script.split("\n--\n");
    int[] next = {0};
    return (Session session, Runnable closed) -> {
      String block = next[0] < blocks.length ? blocks[next[0]++] : "quit\n";
      Thread thread = new Thread(() -> {
        try (Terminal terminal = terminal(block)) {
          new Repl(terminal, session, ReplOptions.withoutHistory()).run();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          closed.run();
          replEnded.countDown();
        }
      });
      thread.setDaemon(true);
      thread.start();
    };
  }

  private Terminal terminal(String block) throws IOException {
    return ReplCommand.dumbTerminal(
        new ByteArrayInputStream((block + "\n").getBytes(StandardCharsets.UTF_8)),
        new PrintStream(screen, true, StandardCharsets.UTF_8));
  }

  private String screen() throws InterruptedException {
    assertThat(replEnded.await(30, TimeUnit.SECONDS)).as("the REPL ended").isTrue();
    return screen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void should_pause_before_step_3_and_inspect_check_step_and_continue_without_changing_the_run()
      throws InterruptedException {
    String plain = InProcessAgent.plain(FloatNet.class, "ok");

    InProcessAgent.Run run =
        run(new ReplTrigger(3, false), "tensors\ngradcheck\nstep\ndiff hiddenWeights\ncontinue",
            "ok");

    String screen = screen();
    assertThat(screen)
        .contains("trainer paused before step 3 of", FloatNet.class.getName() + "#fitBatch")
        .contains("step 2: ")
        .contains("hiddenWeights")
        .contains("agrees")
        .contains("paused after step 3")
        .doesNotContain("climbs", "failed");
    assertThat(run.stdout()).as("the trainer's own output").isEqualTo(plain);
    assertThat(run.trace().run().capturedSteps()).contains(2, 3);
  }

  @Test
  void should_show_the_climbing_update_when_the_held_step_is_checked_on_the_buggy_twin()
      throws InterruptedException {
    run(new ReplTrigger(3, false), "gradcheck FloatNet.outWeights\nquit", "flipped");

    assertThat(screen()).contains("outWeights").contains("climbs");
  }

  @Test
  void should_pause_at_the_first_error_and_not_again_after_quit() throws InterruptedException {
    String plain = InProcessAgent.plain(FloatNet.class, "flipped");

    InProcessAgent.Run run = run(new ReplTrigger(0, true), "findings\nquit\n--\nfindings\nquit", "flipped");

    String screen = screen();
    assertThat(screen).contains("gradient-sign").containsOnlyOnce("Backprobe REPL on a");
    assertThat(run.stdout()).isEqualTo(plain);
  }

  @Test
  void should_answer_an_unknown_command_and_a_bad_tensor_with_one_line_and_go_on()
      throws InterruptedException {
    run(new ReplTrigger(2, false), "tensor\ngradcheck nosuch\nstep\ncontinue", "ok");

    String screen = screen();
    assertThat(screen)
        .contains("unknown command tensor; did you mean tensors?")
        .contains("nosuch")
        .contains("paused after step 2")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void should_write_the_report_now_when_asked() throws InterruptedException {
    run(new ReplTrigger(3, false), "report\ncontinue", "ok");

    assertThat(screen()).contains("report written to");
    assertThat(Files.exists(out.resolve("report.html"))).isTrue();
    assertThat(Files.exists(out.resolve("findings.json"))).isTrue();
  }
}
