package dev.backprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.CheckSubject;
import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.model.TinyMlp;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.DerivativeVerdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackprobeTest {

  private static final double[][] X = TinyMlp.X;
  private static final double[][] Y = TinyMlp.Y;

  @Test
  void should_find_no_errors_in_a_correct_mlp() {
    TinyMlp net = new TinyMlp();

    Verification v =
        Backprobe.model(net).loss(n -> n.loss(X, Y)).step(n -> n.trainStep(X, Y)).verify();

    assertThat(v.errors()).isEmpty();
    assertThat(v.subject()).isEqualTo(CheckSubject.UPDATE);
    assertThat(v.checks()).extracting(GradientCheck::verdict).containsOnly(CheckVerdict.AGREES);
    assertThat(v.lossAfter()).isLessThan(v.lossBefore());
    assertThat(v.trace().steps()).singleElement()
        .satisfies(s -> assertThat(s.checks()).hasSize(4));
    assertThat(net.steps).isEqualTo(1);
  }

  @Test
  void should_report_gradient_sign_on_w2_when_the_output_error_is_flipped() {
    TinyMlp net = new TinyMlp(TinyMlp.Bug.SIGN_FLIP);

    Verification v =
        Backprobe.model(net).loss(n -> n.loss(X, Y)).step(n -> n.trainStep(X, Y)).verify();

    assertThat(v.findings("gradient-sign"))
        .extracting(Finding::subject)
        .contains(TinyMlp.class.getName() + ".w2", TinyMlp.class.getName() + ".w1");
    assertThat(v.hasErrors()).isTrue();
    assertThat(v.findings().get(0).message()).contains("climbs the loss");
  }

  @Test
  void should_agree_with_a_correct_analytic_gradient_and_catch_a_wrong_one() {
    TinyMlp net = new TinyMlp();
    Map<String, double[]> gradient = net.gradient(X, Y);

    Verification right = Backprobe.model(net).loss(n -> n.loss(X, Y)).gradient(gradient);
    Verification wrong =
        Backprobe.model(new TinyMlp(TinyMlp.Bug.MISSING_DERIVATIVE))
            .loss(n -> n.loss(X, Y))
            .gradient(n -> n.gradient(X, Y));

    assertThat(right.subject()).isEqualTo(CheckSubject.GRADIENT);
    assertThat(right.checks()).extracting(GradientCheck::verdict)
        .containsOnly(CheckVerdict.AGREES);
    assertThat(right.errors()).isEmpty();
    assertThat(wrong.check("w1")).get().extracting(GradientCheck::verdict)
        .isNotEqualTo(CheckVerdict.AGREES);
    assertThat(wrong.check("w2")).get().extracting(GradientCheck::verdict)
        .isEqualTo(CheckVerdict.AGREES);
    assertThat(wrong.errors()).extracting(Finding::subject)
        .allMatch(s -> s.endsWith(".w1") || s.endsWith(".b1"));
  }

  @Test
  void should_name_the_known_tensors_when_a_gradient_names_an_unknown_one() {
    TinyMlp net = new TinyMlp();

    assertThatThrownBy(
            () -> Backprobe.model(net).loss(n -> n.loss(X, Y))
                .gradient(Map.of("w9", new double[3])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no tensor named w9 in the model; its tensors are w1, b1, w2, b2");
  }

  @Test
  void should_say_what_is_missing_when_verify_has_no_loss() {
    assertThatThrownBy(() -> Backprobe.model(new TinyMlp()).step(n -> n.trainStep(X, Y)).verify())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no loss: call .loss(model -> model.loss(…)) before verify()");
  }

  @Test
  void should_probe_an_activation_and_a_derivative() {
    FunctionProbe squash = Backprobe.probe(z -> 1 / (1 + Math.exp(-z)));
    FunctionProbe dersgm = Backprobe.probe(a -> a * (a - 1));

    assertThat(squash.activation().kind()).isEqualTo(ActivationKind.SIGMOID);
    assertThat(dersgm.asDerivativeOf(ActivationKind.SIGMOID).verdict())
        .isEqualTo(DerivativeVerdict.WRONG_SIGN);
  }
}
