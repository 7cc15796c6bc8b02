package dev.backprobe.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.CheckMode;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** The REPL over an injected terminal: completion, and the live commands over a scripted session. */
class ReplTest {

  /** A session whose live operations record what they were asked, as the agent's would act. */
  static final class ScriptedLiveSession implements Session {
    final List<String> calls = new ArrayList<>();
    private final Trace trace = ReplFixture.trace();

    @Override
    public Trace trace() {
      return trace;
    }

    @Override
    public List<Finding> findings() {
      return ReplFixture.findings().findings();
    }

    @Override
    public boolean live() {
      return true;
    }

    @Override
    public String describe() {
      return "paused trainer before step 3";
    }

    @Override
    public List<GradientCheck> gradcheck(String tensor, boolean full, Progress progress) {
      calls.add("gradcheck " + tensor + " " + full);
      for (int done = 0; done <= 4; done++) {
        progress.update(done, 4);
      }
      return List.of(new GradientCheck(tensor, 3, CheckSubject.GRADIENT, CheckMode.COORDINATES, 6,
          12, 0.999, 1e-7, Double.NaN, Double.NaN, 1, 1, 1e-10, 0, 0, CheckVerdict.AGREES));
    }

    @Override
    public StepTrace step() {
      calls.add("step");
      return trace.steps().get(1);
    }

    @Override
    public void resume() {
      calls.add("resume");
    }

    @Override
    public void detach() {
      calls.add("detach");
    }

    @Override
    public Path writeReport() {
      calls.add("report");
      return Path.of("out", "report.html");
    }
  }

  private static String run(Session session, String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Terminal terminal =
        new DumbTerminal("test", Terminal.TYPE_DUMB,
            new BlockingInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))),
            out, StandardCharsets.UTF_8)) {
      new Repl(terminal, session, ReplOptions.withoutHistory()).run();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void should_run_gradcheck_with_progress_bar_when_session_is_live() throws IOException {
    ScriptedLiveSession session = new ScriptedLiveSession();

    String out = run(session, "gradcheck w2 --full\n");

    assertThat(session.calls).startsWith("gradcheck pkg.Net.w2 true");
    assertThat(out).contains("[########################################] 4/4");
    assertThat(out).containsPattern("pkg\\.Net\\.w2\\s+agrees\\s+0\\.999");
  }

  @Test
  void should_show_update_ratios_when_stepping_a_live_session() throws IOException {
    ScriptedLiveSession session = new ScriptedLiveSession();

    String out = run(session, "step\nreport\n");

    assertThat(out).contains("paused after step 2, loss 0.29", "‖Δ‖/‖θ‖ = 2.5");
    assertThat(out).contains("report written to out/report.html");
  }

  @Test
  void should_leave_without_detaching_when_given_continue() throws IOException {
    ScriptedLiveSession session = new ScriptedLiveSession();

    run(session, "continue\ntensors\n");

    assertThat(session.calls).containsExactly("resume");
  }

  @Test
  void should_detach_when_given_quit_or_end_of_input() throws IOException {
    ScriptedLiveSession quitting = new ScriptedLiveSession();
    ScriptedLiveSession ending = new ScriptedLiveSession();

    run(quitting, "quit\n");
    run(ending, "");

    assertThat(quitting.calls).containsExactly("detach");
    assertThat(ending.calls).containsExactly("detach");
  }

  @Test
  void should_complete_commands_tensors_methods_and_rules() throws IOException {
    try (Terminal terminal =
        new DumbTerminal("test", Terminal.TYPE_DUMB, new BlockingInput(new ByteArrayInputStream(new byte[0])),
            new ByteArrayOutputStream(), StandardCharsets.UTF_8)) {
      ReplContext context =
          new ReplContext(new ScriptedLiveSession(), terminal.writer(), Repl.commands());
      ReplCompleter completer = new ReplCompleter(context);

      assertThat(complete(completer, "")).contains("tensors", "show", "explain", "gradcheck");
      assertThat(complete(completer, "show ")).contains("pkg.Net.w2", "w2", "pkg.Net#forward:a1", "a1");
      assertThat(complete(completer, "probe ")).contains("pkg.Net#dersgm", "dersgm");
      assertThat(complete(completer, "explain ")).contains("saturation", "gradient-sign", "1", "2");
      assertThat(complete(completer, "help ")).contains("units", "diff");
      assertThat(complete(completer, "loss ")).isEmpty();
    }
  }

  private static List<String> complete(ReplCompleter completer, String line) {
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(
        null, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
    return candidates.stream().map(Candidate::value).collect(Collectors.toList());
  }
}
