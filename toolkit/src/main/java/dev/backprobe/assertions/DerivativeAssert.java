package dev.backprobe.assertions;

import dev.backprobe.api.FunctionProbe;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ActivationMatch;
import dev.backprobe.probe.DerivativeConvention;
import dev.backprobe.probe.DerivativeReport;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a pure function of the trainer's: which activation it computes, or whether it is
 * the derivative of one and in which convention ({@code f'(z)} fed z, or fed a = f(z)).
 *
 * <pre>{@code
 * assertThatFunction(Net::dersgm).isDerivativeOf(SIGMOID).inConvention(OF_OUTPUT);
 * }</pre>
 */
public class DerivativeAssert extends AbstractAssert<DerivativeAssert, FunctionProbe> {

  private final DerivativeReport report;

  public DerivativeAssert(FunctionProbe actual) {
    this(actual, null);
  }

  private DerivativeAssert(FunctionProbe actual, DerivativeReport report) {
    super(actual, DerivativeAssert.class);
    this.report = report;
  }

  /** The function computes this activation (whatever it is called). */
  public DerivativeAssert isActivation(ActivationKind kind) {
    isNotNull();
    ActivationMatch match = actual.activation();
    if (match.kind() != kind) {
      failWithActualExpectedAndMessage(match.kind(), kind, "%s",
          "expected the function to be " + kind.id() + ", but " + (match.matched()
              ? "it is " + match.kind().id() + " (" + match.reason() + ")"
              : match.reason()));
    }
    return myself;
  }

  /**
   * The function is a correct derivative of the activation in some convention; chain {@link
   * #inConvention} to require one.
   */
  public DerivativeAssert isDerivativeOf(ActivationKind kind) {
    isNotNull();
    DerivativeReport found = actual.asDerivativeOf(kind);
    if (!found.correct()) {
      failWithMessage("%s", "expected the function to be the derivative of " + kind.id()
          + ", but it " + found.detail());
    }
    return new DerivativeAssert(actual, found);
  }

  /**
   * The derivative checked by the preceding {@link #isDerivativeOf} follows this convention (or both
   * coincide, as for the ReLU).
   */
  public DerivativeAssert inConvention(DerivativeConvention convention) {
    isNotNull();
    if (report == null) {
      failWithMessage("%s", "call isDerivativeOf(kind) before inConvention(" + convention + ")");
    }
    boolean ok = report.convention() == convention
        || report.convention() == DerivativeConvention.BOTH;
    if (!ok) {
      failWithActualExpectedAndMessage(report.convention(), convention, "%s",
          "expected the derivative of " + report.activation().id() + " to be "
              + words(convention) + ", but it is " + words(report.convention()) + ": "
              + report.detail());
    }
    return myself;
  }

  private static String words(DerivativeConvention convention) {
    return switch (convention) {
      case OF_INPUT -> "written in the pre-activation z (fed z)";
      case OF_OUTPUT -> "written in the activation's output a = f(z) (fed a)";
      case BOTH -> "the same in both conventions";
      case NEITHER -> "in neither convention";
    };
  }
}
