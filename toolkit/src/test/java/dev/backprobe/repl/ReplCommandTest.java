package dev.backprobe.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeFixture() throws IOException {
    ReplFixture.write(dir);
  }

  /** Runs the REPL over the fixture with scripted input; returns what it printed. */
  private String repl(String... lines) {
    String input = String.join("\n", lines) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        ReplCommand.run(
            new String[] {dir.toString(), "--no-history"},
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).as("every line fits 80 columns").allMatch(l -> visible(l).length() <= 80);
    assertThat(text).doesNotContain("Exception\n", "\tat ");
    return text;
  }

  /**
   * The line as a console shows it: without control sequences and carriage returns, and without
   * the prompts (a dumb terminal over scripted input does not echo the Enter that ends a command).
   */
  private static String visible(String line) {
    String plain =
        line.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replaceAll("^(backprobe> )+", "");
    int cr = plain.lastIndexOf('\r');
    return cr >= 0 ? plain.substring(cr + 1) : plain;
  }

  @Nested
  class Loop {

    @Test
    void should_print_banner_and_leave_when_input_ends() {
      String out = repl();

      assertThat(out).contains("Backprobe REPL on a saved trace in " + dir, "2 findings");
      assertThat(out).containsPattern("2 captured\\s+steps");
    }

    @Test
    void should_list_every_command_when_given_help() {
      String out = repl("help");

      assertThat(out)
          .contains("tensors", "show", "stats", "hist", "units", "diff", "findings", "explain")
          .contains("loss", "probe", "gradcheck", "step", "continue", "report", "quit", "at");
    }

    @Test
    void should_print_usage_when_given_help_with_a_name() {
      assertThat(repl("help show")).contains("usage: show NAME [ROWS COLS]");
    }

    @Test
    void should_suggest_closest_command_when_the_command_is_unknown() {
      String out = repl("tensor", "stats w2");

      assertThat(out).contains("unknown command tensor; did you mean tensors?");
      assertThat(out).contains("mean ± std"); // the loop went on
    }

    @Test
    void should_stop_reading_when_given_quit() {
      String out = repl("quit", "tensors");

      assertThat(out).doesNotContain("tensors at step").doesNotContain("pkg.Net.w2 ");
    }

    @Test
    void should_drop_the_line_and_go_on_when_given_ctrl_c() {
      String out = repl("stats w2\u0003", "loss");

      assertThat(out).contains("line dropped").contains("10 losses recorded");
      assertThat(out).doesNotContain("update/weight");
    }

    @Test
    void should_leave_when_given_ctrl_d() {
      String out = repl("\u0004", "loss");

      assertThat(out).doesNotContain("losses recorded");
    }

    @Test
    void should_say_so_when_a_command_lacks_its_argument() {
      assertThat(repl("show")).contains("usage: show NAME [ROWS COLS]");
    }
  }

  @Nested
  class Inspection {

    @Test
    void should_list_tensors_of_the_last_step_when_given_tensors() {
      String out = repl("tensors");

      assertThat(out).contains("step 2: 3 tensors");
      assertThat(out).containsPattern("pkg\\.Net\\.w2\\s+parameter\\s+-\\s+2×3");
      assertThat(out).containsPattern("pkg\\.Net#forward:a1\\s+activation\\s+sigmoid\\s+4×3");
    }

    @Test
    void should_show_values_as_matrix_when_given_show() {
      String out = repl("show w2");

      assertThat(out).contains("pkg.Net.w2 2×3 at step 2");
      assertThat(out).containsPattern("\\[0,\\]\\s+0\\.5\\s+-0\\.25\\s+1\\.5");
      assertThat(out).containsPattern("\\[1,\\]\\s+2\\s+-3\\s+0\\.125");
    }

    @Test
    void should_truncate_with_a_note_when_given_fewer_rows_and_columns() {
      String out = repl("show a1 2 2");

      assertThat(out).contains("(showing 2 of 4 rows, 2 of 3 columns)");
      assertThat(out).doesNotContainPattern("\\[2,\\]");
    }

    @Test
    void should_say_values_were_not_kept_when_tensor_is_large() {
      assertThat(repl("show hidden")).contains("too large for its values to be kept");
    }

    @Test
    void should_name_the_closest_tensor_when_the_name_is_unknown() {
      assertThat(repl("stats w3")).contains("no tensor named w3; closest: pkg.Net.w2");
    }

    @Test
    void should_print_statistics_when_given_stats() {
      String out = repl("stats pkg.Net.w2");

      assertThat(out).contains("count           6", "min … max       -3 … 2", "update/weight   2.5");
    }

    @Test
    void should_draw_histogram_when_given_hist() {
      String out = repl("hist w2");

      assertThat(out).contains("pkg.Net.w2: 6 finite values at step 2");
      assertThat(out).containsPattern("\\[-3, -1\\.75\\)\\s+1 #+");
    }

    @Test
    void should_name_dead_and_saturated_units_when_given_units() {
      String out = repl("units a1");

      assertThat(out).contains("3 units (sigmoid)", "dead (0 for every example): 1 — units 1");
      assertThat(out).contains("of an asymptote): 1 — units 0", "    0 SD.");
    }

    @Test
    void should_refuse_units_when_tensor_is_not_a_batch_of_activations() {
      assertThat(repl("units w2")).contains("has no per-unit activity");
    }

    @Test
    void should_show_update_ratio_and_check_when_given_diff() {
      String out = repl("diff w2");

      assertThat(out).contains("update Δ of pkg.Net.w2 at step 2");
      assertThat(out).contains("‖Δ‖/‖θ‖         2.5 — above Thresholds.UPDATE_RATIO_EXPLODING = 1");
      assertThat(out).contains("verdict         climbs", "cos(Δ, −∇L)     -1");
    }

    @Test
    void should_refuse_diff_when_tensor_is_not_a_parameter() {
      assertThat(repl("diff a1")).contains("has no recorded update at step 2");
    }

    @Test
    void should_switch_step_and_say_where_a_tensor_was_when_given_at() {
      String out = repl("at 1", "diff w2", "stats a1", "at 7");

      assertThat(out).contains("looking at step 1; captured: 1, 2");
      assertThat(out).contains("0.01 — healthy is about 0.001");
      assertThat(out).contains("pkg.Net#forward:a1 was not captured at step 1; it was at step 2");
      assertThat(out).contains("step 7 was not captured; captured steps: 1, 2");
    }
  }

  @Nested
  class Diagnosis {

    @Test
    void should_number_the_findings_when_given_findings() {
      String out = repl("findings");

      assertThat(out).contains("1. error derivative-mismatch step 1 — pkg.Net#dersgm, Net.java:33");
      assertThat(out).contains("2. error gradient-sign step 2 — pkg.Net.w2, Net.java:70");
      assertThat(out).contains("cos(Δw2, −∇L) = −1.00");
    }

    @Test
    void should_explain_a_finding_with_evidence_and_its_rule_when_given_a_number() {
      String out = repl("explain 2");

      assertThat(out).contains("gradient-sign on pkg.Net.w2 at step 2", "hint: check the sign");
      assertThat(out).contains("cos = -1", "threshold = Thresholds.DESCENT_COSINE = 0");
      assertThat(out).contains("gradient-sign (error):", "usual causes:", "fix:");
    }

    @Test
    void should_explain_a_rule_when_given_its_id() {
      assertThat(repl("explain saturation")).contains("saturation (", "seen by:");
    }

    @Test
    void should_name_closest_rule_when_rule_is_unknown() {
      assertThat(repl("explain saturaton")).contains("no rule named saturaton; closest: saturation");
    }

    @Test
    void should_refuse_a_finding_number_out_of_range() {
      assertThat(repl("explain 9")).contains("there is no finding 9; there are 2");
    }

    @Test
    void should_summarise_and_chart_the_loss_when_given_loss() {
      String out = repl("loss");

      assertThat(out).contains("10 losses recorded, steps 1…10");
      assertThat(out).contains("first           0.26 (step 1)", "last            1.25 (step 10)");
      // (loss − min)/(max − min)·7 rounded: 0 0 1 1 2 2 3 4 6 7
      assertThat(out).contains("1.25      ▁▁▂▂▃▃▄▅▇█");
    }

    @Test
    void should_report_the_derivative_verdict_and_feed_when_given_probe() {
      String out = repl("probe dersgm");

      assertThat(out).contains("pkg.Net#dersgm (Net.java:33)");
      assertThat(out).contains("derivative of sigmoid: wrong sign", "convention      of input");
      assertThat(out).contains("called with     of output", "called at       Net.java:63");
      assertThat(out).contains("dersgm returns σ(x)(σ(x)−1) = −σ'(x)");
    }

    @Test
    void should_list_probed_methods_when_probe_has_no_argument() {
      String out = repl("probe");

      assertThat(out).contains("pkg.Net#sgm — sigmoid", "pkg.Net#dersgm — derivative of sigmoid");
    }

    @Test
    void should_name_closest_method_when_method_is_unknown() {
      assertThat(repl("probe dersgn")).contains("no probed method named dersgn; closest: pkg.Net#dersgm");
    }
  }

  @Nested
  class Live {

    @Test
    void should_explain_why_live_commands_are_unavailable_offline() {
      String out = repl("gradcheck w2", "step", "continue", "report", "loss");

      assertThat(out).contains("gradcheck needs a paused trainer, and this is a saved trace");
      assertThat(out).contains("step needs a paused trainer", "continue needs a paused trainer");
      assertThat(out).contains("report needs a paused trainer", "backprobe-agent.jar report");
      assertThat(out).contains("10 losses recorded"); // continue did not leave
    }
  }

  @Nested
  class Cli {

    @Test
    void should_exit_2_with_usage_when_no_dir_is_given() {
      ByteArrayOutputStream errors = new ByteArrayOutputStream();

      int code = ReplCommand.run(new String[0], new ByteArrayInputStream(new byte[0]),
          new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true, StandardCharsets.UTF_8));

      assertThat(code).isEqualTo(2);
      assertThat(errors.toString(StandardCharsets.UTF_8)).contains("usage: repl DIR");
    }

    @Test
    void should_exit_1_naming_the_file_when_trace_is_malformed() throws IOException {
      Files.writeString(dir.resolve("trace.json"), "{\"run\": 3,");
      ByteArrayOutputStream errors = new ByteArrayOutputStream();

      int code = ReplCommand.run(new String[] {dir.toString(), "--no-history"},
          new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(errors, true, StandardCharsets.UTF_8));

      assertThat(code).isEqualTo(1);
      assertThat(errors.toString(StandardCharsets.UTF_8)).contains("trace.json").doesNotContain("\tat ");
    }

    @Test
    void should_evaluate_rules_when_findings_file_is_missing() throws IOException {
      Files.delete(dir.resolve("findings.json"));

      String out = repl("tensors");

      assertThat(out).contains("findings.json not found: evaluating the rules on the trace");
      assertThat(out).contains("step 2: 3 tensors");
    }

    @Test
    void should_keep_history_in_the_given_file() throws IOException {
      Path history = dir.resolve("history");
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      ReplCommand.run(new String[] {dir.toString(), "--history", history.toString()},
          new ByteArrayInputStream("loss\nfindings\n".getBytes(StandardCharsets.UTF_8)),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err));

      assertThat(Files.readString(history)).contains("loss", "findings");
    }
  }
}
