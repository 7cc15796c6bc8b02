package dev.backprobe.probe;

/**
 * Which argument a derivative function was actually fed during a step.
 *
 * @param fed {@link DerivativeConvention#OF_OUTPUT} (the activation's output a), {@link
 *     DerivativeConvention#OF_INPUT} (the pre-activation z) or {@link DerivativeConvention#NEITHER}
 *     when it cannot be told
 * @param evidence one sentence: how it was told, or why it could not be
 */
public record FeedClassification(DerivativeConvention fed, String evidence) {

  public boolean known() {
    return fed == DerivativeConvention.OF_INPUT || fed == DerivativeConvention.OF_OUTPUT;
  }
}
