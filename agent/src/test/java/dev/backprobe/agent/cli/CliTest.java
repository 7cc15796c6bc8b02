package dev.backprobe.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.AgentOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void should_print_every_command_and_option_when_asked_for_help() {
    int status = run("help");

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(text).contains("  demo ", "  report ", "  repl ", "  help ", "-javaagent:");
    assertThat(AgentOptions.KEYS).allSatisfy(key -> assertThat(text).contains("  " + key + " "));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void should_print_help_when_no_command_is_given() {
    assertThat(run()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Backprobe");
  }

  @Test
  void should_name_the_accepted_commands_in_one_line_when_the_command_is_unknown() {
    int status = run("deom", "x");

    assertThat(status).isEqualTo(Cli.USAGE_STATUS);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "[backprobe] unknown command 'deom'; accepted commands: help, demo, report, repl"
                + System.lineSeparator());
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void should_say_so_in_one_line_or_run_it_when_a_command_is_or_is_not_in_the_build() {
    for (String command : new String[] {"demo", "report", "repl"}) {
      out.reset();
      err.reset();
      int status = run(command, "--help");
      String className =
          switch (command) {
            case "demo" -> "dev.backprobe.agent.cli.DemoCommand";
            case "report" -> "dev.backprobe.report.ReportCommand";
            default -> "dev.backprobe.repl.ReplCommand";
          };
      if (!present(className)) {
        assertThat(status).isEqualTo(Cli.UNAVAILABLE_STATUS);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .isEqualTo(
                "[backprobe] the '"
                    + command
                    + "' command is not available in this build"
                    + System.lineSeparator());
      } else {
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("not available");
      }
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, CliTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
