package dev.backprobe.probe;

/** A {@code float → float} function: the single-precision twin of {@link java.util.function.DoubleUnaryOperator}. */
@FunctionalInterface
public interface FloatUnaryOperator {
  float applyAsFloat(float x);
}
