package dev.backprobe.agent.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backprobe.agent.ForkedJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.example.trainers.floats.FloatNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live pause end to end: a real trainer JVM under the agent jar with {@code repl=3}, on a
 * pseudo-terminal made by {@code script} (util-linux; Debian's {@code bsdutils}, which {@code
 * .ci/run} installs when missing), driven the way a person would: wait for the prompt, type a
 * command. The trainer's own output lines must come out unchanged around the pause.
 */
class LiveReplIT {

  private static final String PROMPT = "backprobe> ";

  /** A command's answer (a gradient check of the held step included) on a loaded CI machine. */
  private static final long ANSWER_SECONDS = 60;

  /** How long the trainer may run on after {@code continue}. */
  private static final long FINISH_SECONDS = 120;

  @TempDir Path home;

  @Test
  void should_pause_at_step_3_inspect_check_step_continue_and_leave_the_trainer_output_unchanged()
      throws IOException, InterruptedException {
    assumeTrue(
        onPath("script"),
        "no `script` command (util-linux; Debian package bsdutils) to make a pseudo-terminal;"
            + " .ci/run installs it");
    List<String> plain =
        ForkedJvm.run(List.of("-cp", ForkedJvm.testClasses().toString(), FloatNet.class.getName(), "ok"))
            .stdout()
            .lines()
            .toList();
    Path out = home.resolve("out");

    Pty pty = Pty.start(trainerCommand(out), home);
    try {
      pty.await(PROMPT, 1);
      pty.type("tensors");
      pty.await(PROMPT, 2);
      pty.type("gradcheck");
      pty.await(PROMPT, 3);
      pty.type("step");
      pty.await(PROMPT, 4);
      pty.type("continue");
      assertThat(pty.waitFor()).as("the trainer's exit code\n" + pty.screen()).isZero();
    } finally {
      pty.destroy();
    }

    String screen = pty.screen();
    assertThat(screen)
        .contains("trainer paused before step 3 of")
        .contains("step 2: ")
        .contains("hiddenWeights")
        .contains("agrees")
        .contains("paused after step 3")
        .doesNotContain("climbs", "Exception");
    assertThat(lines(screen)).as("the trainer's lines, in order").containsSubsequence(plain);
    assertThat(Files.exists(out.resolve("findings.json"))).isTrue();
  }

  private List<String> trainerCommand(Path out) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jvm =
        String.join(
            " ",
            quote(java),
            quote("-Duser.home=" + home), // the REPL's history file goes there, not into ~
            quote("-javaagent:" + ForkedJvm.agentJar() + "=repl=3,out=" + out),
            "-cp",
            quote(ForkedJvm.testClasses().toString()),
            FloatNet.class.getName(),
            "ok");
    // an 80-column terminal, as the REPL's output is laid out for
    return List.of("script", "-qfec", "stty cols 80 rows 40; exec " + jvm, "/dev/null");
  }

  /** The screen as lines: ANSI control sequences and carriage returns removed. */
  private static List<String> lines(String screen) {
    List<String> lines = new ArrayList<>();
    for (String line : screen.split("\n")) {
      lines.add(line.replaceAll("\u001B\\[[?0-9;]*[A-Za-z]|\u001B[=>]", "").replace("\r", ""));
    }
    return lines;
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** A process on a pseudo-terminal: what it printed so far, and a keyboard. */
  private static final class Pty {
    private final Process process;
    private final StringBuffer screen = new StringBuffer();
    private final OutputStream keyboard;

    private Pty(Process process) {
      this.process = process;
      this.keyboard = process.getOutputStream();
      Thread reader = new Thread(() -> pump(process.getInputStream()), "pty-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Pty start(List<String> command, Path dir) throws IOException {
      return new Pty(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start());
    }

    private void pump(InputStream in) {
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          synchronized (screen) {
            screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            screen.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    /** Waits until {@code text} has appeared {@code times} times on the screen. */
    void await(String text, int times) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
      synchronized (screen) {
        while (count(screen.toString(), text) < times) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || !process.isAlive() && count(screen.toString(), text) < times) {
            throw new AssertionError(
                "waited for \"" + text + "\" ×" + times + " on the terminal:\n" + screen);
          }
          screen.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
        }
      }
    }

    void type(String line) throws IOException {
      keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    int waitFor() throws InterruptedException {
      if (!process.waitFor(FINISH_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the trainer did not finish:\n" + screen);
      }
      Thread.sleep(200); // the last output still in the pipe
      return process.exitValue();
    }

    String screen() {
      return screen.toString();
    }

    void destroy() {
      process.destroyForcibly();
    }

    private static int count(String haystack, String needle) {
      int count = 0;
      for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
        count++;
      }
      return count;
    }
  }
}
