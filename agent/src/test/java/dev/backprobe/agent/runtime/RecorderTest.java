package dev.backprobe.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.trace.StepTrace;
import java.util.List;
import org.example.tiny.TinyNet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecorderTest {

  private static final double[] X = {1.0, 2.0, -1.0};
  private static final double T = 1.5;

  private final AtomicLong clock = new AtomicLong();

  @BeforeEach
  @AfterEach
  void resetBridge() {
    Bridge.reset();
  }

  private Recorder recorder(TinyNet net, Recorder.Settings settings) {
    Recorder.Services services =
        new Recorder.Services(
            TinyNet.sites,
            ToolkitServices.model(),
            ToolkitServices.oracle(),
            ToolkitServices.statistics(),
            ToolkitServices.probing(),
            new Problems(System.err),
            clock::get);
    Recorder recorder = new Recorder(settings, services);
    recorder.install();
    return recorder;
  }

  private static void train(TinyNet net, int steps) {
    for (int i = 0; i < steps; i++) {
      net.train(X, T);
    }
  }

  @Test
  void should_turn_store_probes_off_when_installed_and_on_only_while_a_step_is_captured() {
    TinyNet net = new TinyNet(0.05, 1);
    Recorder recorder = recorder(net, Recorder.Settings.defaults());

    assertThat(Bridge.wantsStores()).as("before any step").isFalse();
    train(net, 4); // steps 1, 2, 3 are captured, step 4 is not
    assertThat(Bridge.wantsStores()).as("after a step that was not captured").isFalse();
    recorder.finish();
  }

  @Test
  void should_say_why_there_is_no_step_when_nothing_was_instrumented() {
    Problems problems = new Problems(null);
    Recorder recorder =
        new Recorder(
            Recorder.Settings.defaults(),
            new Recorder.Services(
                new FakeSites(),
                ToolkitServices.model(),
                ToolkitServices.oracle(),
                ToolkitServices.statistics(),
                ToolkitServices.probing(),
                problems,
                clock::get));
    recorder.install();

    Recorder.TraceData data = recorder.finish();

    assertThat(data.step()).isNull();
    assertThat(problems.list())
        .singleElement()
        .satisfies(p -> assertThat(p).contains("no training step was found: no class was instrumented"));
  }

  @Test
  void should_take_the_outer_method_as_the_step_when_a_per_layer_update_repeats_inside_it() {
    TinyNet net = new TinyNet(0.05, 1);
    Recorder recorder = recorder(net, Recorder.Settings.defaults());

    train(net, 25);
    Recorder.TraceData data = recorder.finish();

    assertThat(data.step()).isEqualTo(TinyNet.class.getName() + "#train");
    assertThat(data.stepReason()).contains("encloses").contains("#apply");
    assertThat(data.loss()).isEqualTo(TinyNet.class.getName() + "#loss");
    assertThat(data.stepsRun()).isEqualTo(25);
  }

  @Test
  void should_verify_step_one_and_later_captures_when_the_update_descends() {
    TinyNet net = new TinyNet(0.05, 1);
    Recorder recorder = recorder(net, Recorder.Settings.defaults());

    train(net, 25);
    Recorder.TraceData data = recorder.finish();

    // discovery chooses the loss at step 17: until then the opening's cost is not known, so
    // steps 5 and 10 wait and are caught up at 18
    assertThat(data.steps()).extracting(StepTrace::step).containsExactly(1, 2, 3, 18, 20);
    for (StepTrace step : data.steps()) {
      assertThat(step.checks())
          .as("step %d", step.step())
          .extracting(GradientCheck::verdict)
          .containsOnly(CheckVerdict.AGREES);
      assertThat(step.checks())
          .extracting(GradientCheck::tensor)
          .containsExactlyInAnyOrder(
              TinyNet.class.getName() + ".w1", TinyNet.class.getName() + ".w2");
    }
  }

  @Test
  void should_report_a_climbing_update_when_the_sign_is_wrong() {
    TinyNet net = new TinyNet(0.05, -1);
    Recorder recorder = recorder(net, Recorder.Settings.defaults());

    train(net, 6);
    Recorder.TraceData data = recorder.finish();

    StepTrace first = data.steps().get(0);
    assertThat(first.step()).isEqualTo(1);
    assertThat(first.checks()).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.CLIMBS);
    assertThat(first.checks()).allSatisfy(c -> assertThat(c.cosine()).isLessThan(-0.99));
  }

  @Test
  void should_leave_the_model_exactly_as_the_trainer_left_it() {
    TinyNet plain = new TinyNet(0.05, 1);
    train(plain, 30);
    TinyNet watched = new TinyNet(0.05, 1);
    recorder(watched, new Recorder.Settings(null, null, CapturePolicy.all(), 1.0));

    train(watched, 30);

    assertThat(watched.w1).containsExactly(plain.w1);
    assertThat(watched.w2).containsExactly(plain.w2);
  }

  @Test
  void should_record_the_loss_at_every_step() {
    TinyNet net = new TinyNet(0.05, 1);
    Recorder recorder = recorder(net, Recorder.Settings.defaults());

    train(net, 40);
    Recorder.TraceData data = recorder.finish();

    // the loss is chosen after the step's second call: from then on every step has its loss
    assertThat(data.losses()).hasSizeGreaterThanOrEqualTo(38);
    assertThat(data.losses().get(data.losses().size() - 1).step()).isEqualTo(40);
  }

  @Test
  void should_take_the_fast_path_after_discovery_between_captured_steps() {
    TinyNet net = new TinyNet(0.05, 1);
    Recorder recorder = recorder(net, Recorder.Settings.defaults());

    train(net, 25);

    assertThat(recorder.tracing()).isFalse();
    assertThat(Bridge.wantsArguments(TinyNet.applyId)).isFalse();
  }

  @Test
  void should_use_the_given_step_and_loss() {
    TinyNet net = new TinyNet(0.05, 1);
    String train = TinyNet.class.getName() + "#train";
    String loss = TinyNet.class.getName() + "#loss";
    Recorder recorder =
        recorder(net, new Recorder.Settings(train, loss, CapturePolicy.every(4), 1.0));

    train(net, 9);
    Recorder.TraceData data = recorder.finish();

    assertThat(data.stepReason()).startsWith("given");
    assertThat(data.lossReason()).startsWith("given");
    assertThat(data.steps()).extracting(StepTrace::step).containsExactly(1, 4, 8);
    assertThat(data.steps().get(0).checks())
        .extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.AGREES);
  }

  @Test
  void should_repair_the_stack_when_a_step_ends_with_an_exception() {
    TinyNet net = new TinyNet(0.05, 1);
    Recorder recorder =
        recorder(net, new Recorder.Settings(null, null, CapturePolicy.all(), 1.0));
    net.failAtStep = 3;

    train(net, 2);
    try {
      net.train(X, T);
    } catch (IllegalStateException expected) {
      // the trainer's own exception
    }
    train(net, 3);
    Recorder.TraceData data = recorder.finish();

    assertThat(data.stepsRun()).isEqualTo(6);
    assertThat(data.steps()).extracting(StepTrace::step).contains(4, 5, 6);
    assertThat(data.steps().get(data.steps().size() - 1).checks())
        .extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.AGREES);
  }

  @Test
  void should_thin_captures_to_stay_inside_the_budget() {
    TinyNet net = new TinyNet(0.01, 1);
    Recorder recorder = recorder(net, new Recorder.Settings(null, null, CapturePolicy.all(), 0.05));
    // every event advances the fake clock: capture work costs as much as the trainer's own work
    Bridge.install(new TickingListener(recorder, clock));

    train(net, 200);
    Recorder.TraceData data = recorder.finish();

    List<Integer> captured = data.steps().stream().map(StepTrace::step).toList();
    assertThat(captured).contains(1, 2);
    assertThat(captured.size()).isLessThan(60);
    assertThat(captured.size()).isGreaterThan(3);
  }

  /**
   * Fake time per probe event: 5 ms, so that 200 steps of a tiny net outlast the budget's fixed
   * floor ({@link Budget#FLOOR_NANOS}) and the share decides.
   */
  private static final long TICK_NANOS = 5_000_000;

  /** Advances a fake clock on every event so that the budget sees time pass. */
  private record TickingListener(Recorder inner, AtomicLong clock)
      implements dev.backprobe.agent.rt.ProbeListener {
    @Override
    public void onEnter(int methodId, Object receiver, Object[] args) {
      clock.addAndGet(TICK_NANOS);
      inner.onEnter(methodId, receiver, args);
    }

    @Override
    public void onExit(int methodId, Object returned) {
      clock.addAndGet(TICK_NANOS);
      inner.onExit(methodId, returned);
    }

    @Override
    public void onStore(int siteId, Object value) {
      inner.onStore(siteId, value);
    }

    @Override
    public void onScalarArgument(int methodId, double argument) {
      inner.onScalarArgument(methodId, argument);
    }
  }
}
