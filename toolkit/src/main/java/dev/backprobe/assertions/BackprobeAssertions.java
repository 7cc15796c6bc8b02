package dev.backprobe.assertions;

import dev.backprobe.api.ActivationBatch;
import dev.backprobe.api.Backprobe;
import dev.backprobe.api.FunctionProbe;
import dev.backprobe.api.Verification;
import java.util.function.DoubleUnaryOperator;

/**
 * The AssertJ entry point for Backprobe: {@code assertThat(...)} overloads and their BDD twins
 * {@code then(...)}.
 *
 * <pre>{@code
 * import static dev.backprobe.assertions.BackprobeAssertions.assertThat;
 *
 * assertThat(Backprobe.model(net).loss(n -> n.loss(x, y)).step(n -> n.trainStep(x, y)).verify())
 *     .hasNoErrors()
 *     .passesGradientCheck();
 * assertThatActivations(net.hidden).hasNoDeadUnits();
 * assertThatFunction(Net::dersgm).isDerivativeOf(ActivationKind.SIGMOID);
 * }</pre>
 *
 * <p>Needs AssertJ 3 on the test class path; Backprobe declares it as an optional dependency.
 */
public class BackprobeAssertions {

  protected BackprobeAssertions() {}

  public static VerificationAssert assertThat(Verification actual) {
    return new VerificationAssert(actual);
  }

  public static ActivationAssert assertThat(ActivationBatch actual) {
    return new ActivationAssert(actual);
  }

  public static DerivativeAssert assertThat(FunctionProbe actual) {
    return new DerivativeAssert(actual);
  }

  /** A batch of activations, rows = examples; its activation is inferred from its range. */
  public static ActivationAssert assertThatActivations(double[][] batch) {
    return new ActivationAssert(batch == null ? null : Backprobe.activations(batch));
  }

  /** A {@code double → double} function of the trainer's. */
  public static DerivativeAssert assertThatFunction(DoubleUnaryOperator function) {
    return new DerivativeAssert(function == null ? null : Backprobe.probe(function));
  }

  public static VerificationAssert then(Verification actual) {
    return assertThat(actual);
  }

  public static ActivationAssert then(ActivationBatch actual) {
    return assertThat(actual);
  }

  public static DerivativeAssert then(FunctionProbe actual) {
    return assertThat(actual);
  }

  public static ActivationAssert thenActivations(double[][] batch) {
    return assertThatActivations(batch);
  }

  public static DerivativeAssert thenFunction(DoubleUnaryOperator function) {
    return assertThatFunction(function);
  }
}
