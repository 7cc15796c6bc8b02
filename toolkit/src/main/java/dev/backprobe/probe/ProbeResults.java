package dev.backprobe.probe;

import dev.backprobe.trace.SourceLocation;

/** Assembles {@link ProbeResult}s from what the prober and the checker found, with their sentence. */
public final class ProbeResults {

  private ProbeResults() {}

  /** The result for a function probed as an activation. */
  public static ProbeResult activation(
      String method, SourceLocation location, ActivationMatch match) {
    String detail =
        simpleName(method)
            + (match.matched()
                ? " is a " + name(match) + " (" + match.reason() + ")"
                : " is not a known activation: " + match.reason());
    return new ProbeResult(
        method, location, match.kind(), null, null, null, match.maxError(), null, null, detail);
  }

  /**
   * The result for a derivative function, with what it was fed at run time ({@code calledWith}
   * null or {@link DerivativeConvention#NEITHER} when unknown).
   */
  public static ProbeResult derivative(
      String method,
      SourceLocation location,
      DerivativeReport report,
      DerivativeConvention calledWith,
      SourceLocation callSite) {
    return new ProbeResult(
        method,
        location,
        null,
        report.activation(),
        report.convention(),
        report.verdict(),
        report.maxError(),
        calledWith,
        callSite,
        derivativeDetail(simpleName(method), report, calledWith));
  }

  /**
   * Whether a derivative result is a {@code derivative-mismatch}: a wrong formula, or a correct one
   * fed the other convention's argument.
   */
  public static boolean isMismatch(ProbeResult result) {
    DerivativeVerdict verdict = result.verdict();
    if (verdict == null || verdict == DerivativeVerdict.NOT_CHECKED) {
      return false;
    }
    return verdict != DerivativeVerdict.CORRECT || feedContradicts(result.convention(), result.calledWith());
  }

  private static boolean feedContradicts(DerivativeConvention convention, DerivativeConvention fed) {
    boolean fedKnown = fed == DerivativeConvention.OF_INPUT || fed == DerivativeConvention.OF_OUTPUT;
    boolean conventionKnown =
        convention == DerivativeConvention.OF_INPUT || convention == DerivativeConvention.OF_OUTPUT;
    return fedKnown && conventionKnown && fed != convention;
  }

  private static String derivativeDetail(
      String name, DerivativeReport report, DerivativeConvention fed) {
    String sentence = name + " " + report.detail();
    if (report.verdict() == DerivativeVerdict.NOT_CHECKED
        || fed == null
        || fed == DerivativeConvention.NEITHER) {
      return sentence;
    }
    ActivationKind kind = report.activation();
    String calledOn = "called on " + DerivativeFormulas.argument(kind, fed);
    if (feedContradicts(report.convention(), fed)) {
      return sentence
          + "; it "
          + (report.correct() ? "" : "also ")
          + "expects "
          + DerivativeFormulas.argument(kind, report.convention())
          + " but is "
          + calledOn;
    }
    return sentence + "; it is " + calledOn;
  }

  private static String name(ActivationMatch match) {
    if (match.kind() == ActivationKind.LEAKY_RELU) {
      return "leaky ReLU with slope " + ProbedFunction.format(match.slope());
    }
    return match.kind().id();
  }

  /** {@code dersgm} from {@code pkg.Net#dersgm}. */
  static String simpleName(String method) {
    if (method == null) {
      return "the function";
    }
    int hash = method.lastIndexOf('#');
    return hash >= 0 ? method.substring(hash + 1) : method;
  }
}
