package dev.backprobe.probe;

import dev.backprobe.trace.SourceLocation;

/**
 * What probing learned about one pure method of the trainer.
 *
 * @param method the method as {@code pkg.Class#name}
 * @param location where it is declared (first line of its body)
 * @param activation the activation it computes, or {@code null} when it is not one
 * @param derivativeOf for a derivative, the activation it was checked against, else {@code null}
 * @param convention for a derivative, the convention its formula follows
 * @param verdict for a derivative, what it turned out to be, else {@code null}
 * @param maxError largest absolute deviation from the best-matching reference on the test grid
 * @param calledWith for a derivative watched at run time: which argument it was actually fed
 *     ({@link DerivativeConvention#OF_OUTPUT} when fed the activation's output), or {@code null} when
 *     unknown
 * @param callSite where that call was made, or {@code null}
 * @param detail one sentence in the user's terms, e.g. "returns σ(x)(σ(x)−1) = −σ'(x)"
 */
public record ProbeResult(
    String method,
    SourceLocation location,
    ActivationKind activation,
    ActivationKind derivativeOf,
    DerivativeConvention convention,
    DerivativeVerdict verdict,
    double maxError,
    DerivativeConvention calledWith,
    SourceLocation callSite,
    String detail) {}
