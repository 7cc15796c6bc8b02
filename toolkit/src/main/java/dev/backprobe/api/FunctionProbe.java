package dev.backprobe.api;

import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ActivationMatch;
import dev.backprobe.probe.ActivationProber;
import dev.backprobe.probe.DerivativeChecker;
import dev.backprobe.probe.DerivativeReport;
import dev.backprobe.probe.FloatUnaryOperator;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A pure function of the trainer's, probed on Backprobe's own test inputs: which activation it is
 * ({@link #activation()}), or whether it is the derivative of one ({@link #asDerivativeOf}). The
 * function is only ever called on fresh arrays Backprobe owns.
 */
public final class FunctionProbe {

  private final String description;
  private final Function<ActivationKind, DerivativeReport> derivative;
  private final java.util.function.Supplier<ActivationMatch> identify;
  private ActivationMatch activation;

  private FunctionProbe(
      String description,
      java.util.function.Supplier<ActivationMatch> identify,
      Function<ActivationKind, DerivativeReport> derivative) {
    this.description = description;
    this.identify = identify;
    this.derivative = derivative;
  }

  static FunctionProbe scalar(DoubleUnaryOperator f) {
    Objects.requireNonNull(f, "function");
    return new FunctionProbe("double → double function",
        () -> ActivationProber.identify(f), kind -> DerivativeChecker.check(kind, f));
  }

  static FunctionProbe floatScalar(FloatUnaryOperator f) {
    Objects.requireNonNull(f, "function");
    return new FunctionProbe("float → float function",
        () -> ActivationProber.identifyFloat(f), kind -> DerivativeChecker.checkFloat(kind, f));
  }

  static FunctionProbe vector(UnaryOperator<double[]> f) {
    Objects.requireNonNull(f, "function");
    return new FunctionProbe("double[] → double[] function",
        () -> ActivationProber.identifyArray(f), kind -> DerivativeChecker.checkArray(kind, f));
  }

  static FunctionProbe matrix(UnaryOperator<double[][]> f) {
    Objects.requireNonNull(f, "function");
    return new FunctionProbe("double[][] → double[][] function",
        () -> ActivationProber.identifyMatrix(f), kind -> DerivativeChecker.checkMatrix(kind, f));
  }

  /** The activation the function computes (probed once, then remembered). */
  public ActivationMatch activation() {
    if (activation == null) {
      activation = identify.get();
    }
    return activation;
  }

  /** Checks the function as a derivative of an activation, in both conventions. */
  public DerivativeReport asDerivativeOf(ActivationKind kind) {
    return derivative.apply(Objects.requireNonNull(kind, "kind"));
  }

  /** What kind of function it is, for messages: {@code double → double function}. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
