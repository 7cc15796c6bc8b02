package dev.backprobe.gradcheck;

/**
 * The result of checking one parameter tensor against the numeric gradient of the loss at one step.
 *
 * <p>For an {@link CheckSubject#UPDATE update} Δθ the reference direction is −∇L: {@code cosine} is
 * cos(Δθ, −∇L), {@code effectiveLearningRate} is −Δθ·g/‖g‖², and {@code relativeError} compares Δθ
 * with −η_eff·g. For an analytic {@link CheckSubject#GRADIENT gradient} a, {@code cosine} is cos(a,
 * g), {@code relativeError} is ‖a − g‖/(‖a‖ + ‖g‖) and {@code effectiveLearningRate} is NaN.
 *
 * @param tensor the parameter's name as the trace knows it (e.g. {@code pkg.Net.w2})
 * @param step the training step (1-based), or 0 outside a training run
 * @param subject what was compared
 * @param mode how the numeric gradient was estimated
 * @param size number of coordinates in the tensor
 * @param lossEvaluations loss evaluations this tensor's check cost
 * @param cosine see above; NaN when undefined (zero vector)
 * @param relativeError see above; NaN when undefined
 * @param effectiveLearningRate see above
 * @param directionalDerivative numeric dL/dt along Δθ/‖Δθ‖ (updates only; NaN otherwise)
 * @param gradientNorm ‖∇L‖ (estimated in directional mode)
 * @param updateNorm ‖Δθ‖ or ‖a‖
 * @param noiseFloor estimated size of finite-difference noise in the same units as the gradient
 * @param kinkCrossings coordinates or directions whose ±h evaluations crossed a kink (excluded)
 * @param belowNoiseFloor coordinates or directions whose difference was under the noise floor
 * @param verdict the conclusion
 */
public record GradientCheck(
    String tensor,
    int step,
    CheckSubject subject,
    CheckMode mode,
    int size,
    int lossEvaluations,
    double cosine,
    double relativeError,
    double effectiveLearningRate,
    double directionalDerivative,
    double gradientNorm,
    double updateNorm,
    double noiseFloor,
    int kinkCrossings,
    int belowNoiseFloor,
    CheckVerdict verdict) {}
