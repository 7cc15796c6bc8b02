package dev.backprobe.agent.trainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.runtime.CapturePolicy;
import dev.backprobe.agent.runtime.Recorder;
import dev.backprobe.agent.trainers.InProcessAgent.Run;
import org.example.trainers.cached.EchoRegressor;
import org.junit.jupiter.api.Test;

/** A {@code step=} or {@code loss=} that cannot be used is named, with what is there instead. */
class GivenTargetsTest {

  private static final String NET = EchoRegressor.class.getName();

  private static Run runWith(String step, String loss) {
    return InProcessAgent.run(
        new Recorder.Settings(step, loss, CapturePolicy.log(), 1.0), EchoRegressor.class, "ok");
  }

  @Test
  void should_list_the_class_methods_when_the_given_step_is_misspelt() {
    Run run = runWith(NET + "#adjsut", null);

    assertThat(run.trace().run().step()).isNull();
    assertThat(run.problems())
        .as(run.describe())
        .anySatisfy(
            p -> assertThat(p)
                .contains("step=" + NET + "#adjsut was never called")
                .contains("has no method adjsut; its methods: adjust, error, infer"));
  }

  @Test
  void should_say_no_such_class_is_instrumented_when_the_given_class_is_misspelt() {
    Run run = runWith("org.example.trainers.cached.EchoRegresor#adjust", null);

    assertThat(run.problems())
        .as(run.describe())
        .anySatisfy(
            p -> assertThat(p)
                .contains("no instrumented class is named org.example.trainers.cached.EchoRegresor"));
  }

  @Test
  void should_reject_a_given_loss_that_returns_void_once_and_keep_the_step() {
    Run run = runWith(NET + "#adjust", NET + "#adjust");

    assertThat(run.trace().run().step()).isEqualTo(NET + "#adjust");
    assertThat(run.trace().run().loss()).isNull();
    assertThat(run.problems())
        .as(run.describe())
        .singleElement()
        .satisfies(
            p -> assertThat(p).contains("loss=" + NET + "#adjust returns void, not a number"));
  }
}
