package dev.backprobe.probe;

/**
 * What {@link DerivativeChecker} found a candidate derivative function to be.
 *
 * @param activation the activation it was checked against
 * @param convention the convention its formula follows ({@link DerivativeConvention#BOTH} when the
 *     two coincide, {@link DerivativeConvention#NEITHER} when it is wrong in both)
 * @param verdict what it is: correct, or which mistake
 * @param maxError largest scaled error against the formula named by the verdict (for {@link
 *     DerivativeVerdict#WRONG}: against the correct derivative in the closer convention)
 * @param inputError largest scaled error against f'(z) when fed z
 * @param outputError largest scaled error against f'(z) when fed a = f(z)
 * @param tolerance the largest scaled error accepted for a match
 * @param detail one sentence in the user's terms, e.g. "returns σ(x)(σ(x)−1) = −σ'(x): the sign is
 *     flipped"
 */
public record DerivativeReport(
    ActivationKind activation,
    DerivativeConvention convention,
    DerivativeVerdict verdict,
    double maxError,
    double inputError,
    double outputError,
    double tolerance,
    String detail) {

  /** Whether the candidate is a correct derivative in some convention. */
  public boolean correct() {
    return verdict == DerivativeVerdict.CORRECT;
  }

  /**
   * Whether it is right when fed this argument: correct, and in that convention (or in both). A
   * call whose argument is unknown ({@link DerivativeConvention#NEITHER}) only needs it correct.
   */
  public boolean correctWhenFed(DerivativeConvention fed) {
    if (!correct()) {
      return false;
    }
    return fed == null
        || fed == DerivativeConvention.NEITHER
        || convention == DerivativeConvention.BOTH
        || convention == fed;
  }
}
