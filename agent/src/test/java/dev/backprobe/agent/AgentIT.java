package dev.backprobe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.ForkedJvm.Result;
import dev.backprobe.agent.instrument.BackprobeTransformer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real {@code -javaagent} path, in forked JVMs, with the shaded jar. */
class AgentIT {
  private static final String TRAINER = "testbed.TinyNet";

  private static Result trainer(String... jvmArguments) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of(jvmArguments));
    args.addAll(List.of("-cp", ForkedJvm.testClasses().toString(), TRAINER, "60"));
    return ForkedJvm.run(args);
  }

  private static String agent(String options) {
    return "-javaagent:" + ForkedJvm.agentJar() + (options.isEmpty() ? "" : "=" + options);
  }

  @Test
  void should_print_byte_identical_output_when_the_agent_is_attached() throws Exception {
    Result without = trainer();
    Result with = trainer(agent(""));
    Result withOptions = trainer(agent("include=testbed.*,capture=all,out=it-report-all"));

    assertThat(without.exitCode()).isZero();
    assertThat(without.stdout()).hasLineCount(60);
    assertThat(with.exitCode()).isZero();
    assertThat(with.stdout()).isEqualTo(without.stdout());
    assertThat(withOptions.exitCode()).isZero();
    assertThat(withOptions.stdout()).isEqualTo(without.stdout());
    assertThat(with.stderr()).doesNotContain("Exception", "could not instrument");
  }

  @Test
  void should_instrument_the_main_class_package_and_fire_probes_when_attached() throws Exception {
    Result result =
        ForkedJvm.run(
            List.of(
                // its own listener must not be instrumented: it would probe itself
                agent("exclude=testbed.ProbeCount*"),
                "-cp",
                ForkedJvm.testClasses().toString(),
                "testbed.ProbeCount"));

    assertThat(result.exitCode()).isZero();
    String counts =
        result.stderrLines().stream().filter(l -> l.startsWith("probes ")).findFirst().orElseThrow();
    // 3 steps of 4 examples: trainStep, hidden, loss, predict… enter; pre/row stores; sigmoid args
    assertThat(counts).doesNotContain("enters=0", "stores=0", "scalars=0", "methods=0");
  }

  @Test
  void should_report_once_and_run_unchanged_when_a_class_cannot_be_instrumented()
      throws Exception {
    Result without = trainer();
    Result result =
        trainer("-D" + BackprobeTransformer.FAIL_FOR_PROPERTY + "=" + TRAINER, agent(""));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo(without.stdout());
    // one line (whichever log the runtime gives the transformer) naming the class and the cause
    assertThat(result.stderrLines())
        .filteredOn(line -> line.contains(TRAINER))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("[backprobe] ")
                    .contains("instrumentation refused by " + BackprobeTransformer.FAIL_FOR_PROPERTY));
  }

  @Test
  void should_exit_non_zero_with_one_line_before_main_when_the_options_are_bad()
      throws Exception {
    Result unknown = trainer(agent("include=testbed.*,captrue=all"));
    Result malformed = trainer(agent("budget=200%"));

    assertThat(unknown.exitCode()).isEqualTo(Agent.BAD_OPTIONS_STATUS);
    assertThat(unknown.stdout()).isEmpty(); // main never ran
    assertThat(unknown.stderrLines())
        .containsExactly(
            "[backprobe] unknown option 'captrue'; accepted options: include, exclude, out, step,"
                + " loss, capture, budget, repl");
    assertThat(malformed.exitCode()).isEqualTo(Agent.BAD_OPTIONS_STATUS);
    assertThat(malformed.stdout()).isEmpty();
    assertThat(malformed.stderrLines()).hasSize(1);
    assertThat(malformed.stderr()).contains("'budget'", "(0, 100]");
  }
}
