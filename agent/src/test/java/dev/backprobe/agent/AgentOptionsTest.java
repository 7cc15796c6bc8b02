package dev.backprobe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprobe.agent.AgentOptions.Capture;
import dev.backprobe.agent.AgentOptions.InvalidOptionException;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {

  @Test
  void should_use_the_documented_defaults_when_no_option_is_given() {
    AgentOptions options = AgentOptions.parse(null);

    assertThat(options).isEqualTo(AgentOptions.defaults()).isEqualTo(AgentOptions.parse(" "));
    assertThat(options.include()).isEmpty();
    assertThat(options.includeGiven()).isFalse();
    assertThat(options.exclude()).isEmpty();
    assertThat(options.out()).isEqualTo(Path.of("backprobe-report"));
    assertThat(options.step()).isEmpty();
    assertThat(options.loss()).isEmpty();
    assertThat(options.capture()).hasToString("log");
    assertThat(options.budget()).isEqualTo(0.05);
    assertThat(options.repl().isOff()).isTrue();
    assertThat(options.toAgentArgument()).isEmpty();
  }

  @Test
  void should_read_every_key_when_all_are_given() {
    AgentOptions options =
        AgentOptions.parse(
            "include=com.acme.nn.*;com.acme.Main,exclude=com.acme.nn.Gen*,out=/tmp/r,"
                + "step=com.acme.Net#train,loss=com.acme.Net#loss,capture=every:10,"
                + "budget=12.5%,repl=error");

    assertThat(options.include()).extracting(Object::toString)
        .containsExactly("com.acme.nn.*", "com.acme.Main");
    assertThat(options.exclude().get(0).matches("com.acme.nn.Generated")).isTrue();
    assertThat(options.out()).isEqualTo(Path.of("/tmp/r"));
    assertThat(options.step()).contains("com.acme.Net#train");
    assertThat(options.loss()).contains("com.acme.Net#loss");
    assertThat(options.capture()).isEqualTo(new Capture(Capture.Mode.EVERY, 10));
    assertThat(options.budget()).isEqualTo(0.125);
    assertThat(options.repl().onError()).isTrue();
  }

  @Test
  void should_read_back_the_same_options_when_printed_as_an_agent_argument() {
    AgentOptions options =
        AgentOptions.parse("repl=5,budget=100,capture=ALL,include=a.b.*; c.D ,out=x y");

    String printed = options.toAgentArgument();

    assertThat(printed).isEqualTo("include=a.b.*;c.D,out=x y,capture=all,budget=100%,repl=5");
    assertThat(AgentOptions.parse(printed)).isEqualTo(options);
  }

  @Test
  void should_name_the_key_and_list_the_accepted_ones_when_a_key_is_unknown() {
    assertThatThrownBy(() -> AgentOptions.parse("include=a.*,captrue=all"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage(
            "unknown option 'captrue'; accepted options: include, exclude, out, step, loss,"
                + " capture, budget, repl");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "capture=sometimes | option 'capture' | every:N",
        "capture=every:0   | option 'capture' | every:N",
        "budget=0%         | option 'budget'  | (0, 100]",
        "budget=150        | option 'budget'  | (0, 100]",
        "budget=lots       | option 'budget'  | percentage",
        "repl=-3           | option 'repl'    | error",
        "step=train        | option 'step'    | Class#method",
        "loss=a.B#         | option 'loss'    | Class#method",
        "include=com.acme.(x) | option 'include' | glob",
        "include=          | option 'include' | glob",
        "out               | option 'out'     | needs a value",
        "repl=1,repl=2     | option 'repl'    | twice"
      })
  void should_reject_a_malformed_value_with_one_line_when_parsing(
      String argument, String key, String hint) {
    assertThatThrownBy(() -> AgentOptions.parse(argument))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(hint)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void should_select_steps_one_two_three_five_then_one_two_five_per_decade_when_capture_is_log() {
    Capture log = AgentOptions.parse("capture=log").capture();

    long[] selected = LongStream.rangeClosed(0, 2000).filter(log::selects).toArray();

    assertThat(selected).containsExactly(1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000);
  }

  @Test
  void should_select_step_one_and_every_multiple_when_capture_is_every() {
    Capture every = AgentOptions.parse("capture=every:4").capture();

    assertThat(LongStream.rangeClosed(1, 12).filter(every::selects).toArray())
        .containsExactly(1, 4, 8, 12);
    assertThat(AgentOptions.parse("capture=all").capture().selects(7)).isTrue();
  }

  @Test
  void should_list_every_key_when_printing_usage() {
    String usage = AgentOptions.usage();

    assertThat(AgentOptions.KEYS).allSatisfy(key -> assertThat(usage).contains("  " + key + " "));
    assertThat(usage).contains("default: 5%").contains("default: backprobe-report");
  }
}
