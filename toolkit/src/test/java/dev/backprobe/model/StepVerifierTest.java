package dev.backprobe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StepVerifierTest {

  private final StepVerifier verifier = new StepVerifier();

  @Test
  void should_agree_on_every_tensor_of_a_correct_mlp_and_leave_it_stepped() {
    // GIVEN a correct MLP and a twin that takes the same step without Backprobe
    TinyMlp net = new TinyMlp();
    TinyMlp twin = new TinyMlp();
    twin.trainStep(TinyMlp.X, TinyMlp.Y);

    // WHEN one step is verified
    StepVerification v =
        verifier.verify(net, 1, () -> net.loss(TinyMlp.X, TinyMlp.Y),
            () -> net.trainStep(TinyMlp.X, TinyMlp.Y));

    // THEN every parameter agrees with −∇L, and the net is exactly where the twin is
    assertThat(v.checks())
        .extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.AGREES)
        .hasSize(4);
    assertThat(v.changedTensors())
        .map(n -> n.substring(n.lastIndexOf('.') + 1))
        .containsExactly("w1", "b1", "w2", "b2");
    assertThat(v.lossAfter()).isLessThan(v.lossBefore());
    assertThat(v.failure()).isNull();
    assertThat(net.steps).isEqualTo(1);
    assertThat(net.w1).isDeepEqualTo(twin.w1);
    assertThat(net.b2).containsExactly(twin.b2);
    assertThat(v.check("w2")).get().extracting(GradientCheck::cosine)
        .satisfies(c -> assertThat(c).isGreaterThan(0.999));
  }

  @Test
  void should_see_every_update_climb_when_the_output_error_has_the_wrong_sign() {
    TinyMlp net = new TinyMlp(TinyMlp.Bug.SIGN_FLIP);

    StepVerification v =
        verifier.verify(net, 1, () -> net.loss(TinyMlp.X, TinyMlp.Y),
            () -> net.trainStep(TinyMlp.X, TinyMlp.Y));

    assertThat(v.check("w2")).get().satisfies(c -> {
      assertThat(c.verdict()).isEqualTo(CheckVerdict.CLIMBS);
      assertThat(c.cosine()).isLessThan(-0.999);
    });
    assertThat(v.checks()).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.CLIMBS);
    assertThat(v.lossAfter()).isGreaterThan(v.lossBefore());
  }

  @Test
  void should_verify_a_step_taken_before_from_the_states_around_it() {
    TinyMlp net = new TinyMlp(TinyMlp.Bug.MISSING_DERIVATIVE);
    ModelState before = ModelState.capture(net);
    net.trainStep(TinyMlp.X, TinyMlp.Y);
    ModelState after = ModelState.capture(net);
    double[][] stepped = {net.w1[0].clone(), net.w1[1].clone()};

    StepVerification v = verifier.verify(1, before, after, () -> net.loss(TinyMlp.X, TinyMlp.Y));

    assertThat(v.check("w1")).get().extracting(GradientCheck::verdict)
        .isIn(CheckVerdict.MISMATCH, CheckVerdict.CLIMBS);
    assertThat(v.check("w2")).get().extracting(GradientCheck::verdict)
        .isEqualTo(CheckVerdict.AGREES);
    assertThat(net.w1[0]).containsExactly(stepped[0]);
    assertThat(net.w1[1]).containsExactly(stepped[1]);
  }

  @Test
  void should_put_the_model_back_and_say_what_the_step_threw() {
    TinyMlp net = new TinyMlp();
    double w = net.w1[0][0];

    assertThatThrownBy(() -> verifier.verify(net, 1, () -> net.loss(TinyMlp.X, TinyMlp.Y), () -> {
      net.w1[0][0] = 99;
      throw new IllegalStateException("batch is empty");
    }))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("the training step threw java.lang.IllegalStateException: batch is empty");
    assertThat(net.w1[0][0]).isEqualTo(w);
  }

  @Test
  void should_report_a_throwing_loss_as_a_failure_and_keep_the_step() {
    TinyMlp net = new TinyMlp();

    StepVerification v = verifier.verify(net, 1, () -> {
      throw new ArithmeticException("no data");
    }, () -> net.trainStep(TinyMlp.X, TinyMlp.Y));

    assertThat(v.failure()).contains("no data");
    assertThat(v.checks()).extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.NOT_CHECKED);
    assertThat(net.steps).isEqualTo(1);
  }

  @Test
  void should_discard_what_the_loss_prints_when_muted_and_restore_the_console() {
    TinyMlp net = new TinyMlp();
    PrintStream original = System.out;
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(seen, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    try {
      verifier.muted(true).verify(net, 1, () -> {
        System.out.println("loss evaluated");
        return net.loss(TinyMlp.X, TinyMlp.Y);
      }, () -> net.trainStep(TinyMlp.X, TinyMlp.Y));
      assertThat(System.out).isSameAs(capture);
    } finally {
      System.setOut(original);
    }
    assertThat(seen.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void should_set_apart_a_cache_the_step_changes_but_the_loss_does_not_read() {
    // GIVEN a net whose hidden-activation cache holds another batch's values
    TinyMlp net = new TinyMlp();
    double[][] other = new double[TinyMlp.X.length][3];
    net.loss(other, TinyMlp.Y);

    // WHEN a step is verified
    StepVerification v =
        verifier.verify(net, 1, () -> net.loss(TinyMlp.X, TinyMlp.Y),
            () -> net.trainStep(TinyMlp.X, TinyMlp.Y));

    // THEN the cache changed, but it is not checked as a parameter
    assertThat(v.changedTensors()).anyMatch(n -> n.endsWith(".hidden"));
    assertThat(v.unreadByLoss()).singleElement().asString().endsWith(".hidden");
    assertThat(v.checks()).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.AGREES)
        .hasSize(4);
  }
}
