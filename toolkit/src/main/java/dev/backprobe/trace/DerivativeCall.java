package dev.backprobe.trace;

import dev.backprobe.probe.DerivativeConvention;

/**
 * A derivative function called during a captured step, and what its argument was.
 *
 * @param method the derivative, {@code pkg.Class#name}
 * @param argument the name of the tensor it was fed, when known
 * @param fed {@link DerivativeConvention#OF_OUTPUT} when fed an activation's output, {@link
 *     DerivativeConvention#OF_INPUT} when fed a pre-activation, {@link DerivativeConvention#NEITHER}
 *     when unknown
 * @param callSite where it was called
 */
public record DerivativeCall(
    String method, String argument, DerivativeConvention fed, SourceLocation callSite) {}
