package dev.backprobe.rules;

import dev.backprobe.tensor.TensorStats;
import java.util.List;

/**
 * Every threshold the rules use, in one place, each with the source it comes from. Logic reads
 * {@code X.value()}; findings name the one they crossed with {@code X.toString()}. None is tuned to
 * a sample: each is a published heuristic or is derived from one (or from a noise level), and the
 * seed trainers are then checked to fall on the right side.
 */
public final class Thresholds {

  private Thresholds() {}

  // ---- gradient checks -------------------------------------------------------------------------

  /** An update descends only when it points within 90° of −∇L. */
  public static final Threshold DESCENT_COSINE =
      new Threshold(
          "DESCENT_COSINE",
          0.0,
          "definition of a descent direction: to first order a step along Δθ lowers the loss iff"
              + " cos(Δθ, −∇L) > 0");

  /** Relative error above which an analytic gradient (or an update) is probably wrong. */
  public static final Threshold GRADIENT_RELATIVE_ERROR =
      new Threshold(
          "GRADIENT_RELATIVE_ERROR",
          1e-2,
          "CS231n notes, 'Neural Networks Part 3', gradient checks: relative error > 1e-2 usually"
              + " means the gradient is probably wrong");

  /**
   * The cosine that corresponds to {@link #GRADIENT_RELATIVE_ERROR} for two vectors of equal norm:
   * ‖a − g‖/(‖a‖ + ‖g‖) = √(2 − 2cos)/2, so cos = 1 − 2·(1e-2)².
   */
  public static final Threshold GRADIENT_COSINE =
      new Threshold(
          "GRADIENT_COSINE",
          0.9998,
          "derived from CS231n's relative error 1e-2 for equal-norm vectors: cos = 1 − 2·err²");

  /**
   * Largest factor by which the effective learning rates −Δθ·g/‖g‖² of two tensors of one plain-SGD
   * step may differ when both were checked coordinate by coordinate.
   */
  public static final Threshold LEARNING_RATE_SPREAD_COORDINATES =
      new Threshold(
          "LEARNING_RATE_SPREAD_COORDINATES",
          2,
          "per-coordinate central differences measure the effective learning rate to ~1e-6"
              + " relative, so any factor is real; 2 is the smallest batch-averaging bug (a sum over"
              + " a batch of 2 instead of the mean)");

  /**
   * The same factor when a tensor was checked along random directions, whose estimate of ‖∇L‖²
   * from a few directions is noisy.
   */
  public static final Threshold LEARNING_RATE_SPREAD_DIRECTIONS =
      new Threshold(
          "LEARNING_RATE_SPREAD_DIRECTIONS",
          10,
          "k random directions estimate ‖∇L‖² with a relative spread of about √(2/k) (chi-square"
              + " with k degrees of freedom), within a factor of a few for k ≥ 4; 10 stays clear of"
              + " that and still catches a sum instead of a mean over a batch of 10 or more");

  /**
   * Relative difference below which two learning-rate factors of a tensor count as one factor, and
   * a factor as a batch size: a tensor whose factor is the batch size (or its inverse) has its
   * gradient summed (or taken from one example) where the others are averaged, an error; one whose
   * factor is the same at every step and no batch size may learn at a rate of its own on purpose,
   * a warning.
   */
  public static final Threshold LEARNING_RATE_SAME_FACTOR =
      new Threshold(
          "LEARNING_RATE_SAME_FACTOR",
          0.02,
          "per-coordinate checks measure effective learning rates to ~1e-6 relative; 2% is far"
              + " above that and below the 1/n gap between neighbouring batch sizes up to 50");

  /**
   * How even the first update of an adaptive optimizer is: its root mean square over the moved
   * coordinates divided by its largest |Δθᵢ|. Adam's (and RMSprop's, AdaGrad's) first step has the
   * same size everywhere, an SGD step follows |gᵢ|, which is far from even.
   */
  public static final Threshold ADAPTIVE_FIRST_STEP_EVENNESS =
      new Threshold(
          "ADAPTIVE_FIRST_STEP_EVENNESS",
          0.85,
          "Kingma & Ba 2015: Adam's first step is η·g/(|g| + ε), ±η wherever |g| ≫ ε (RMSprop's and"
              + " AdaGrad's likewise constant); with 90% of the moved coordinates within 10% of the"
              + " largest (UpdateModelFitter's SIGN_LIKE_SHARE and SIGN_LIKE_SPREAD), rms/max ≥"
              + " √0.9·0.9 ≈ 0.85, while an SGD step proportional to a Gaussian-like gradient of n"
              + " values has rms/max ≈ 1/√(2 ln n), 0.35 at n = 64");

  // ---- update / weight ratios ------------------------------------------------------------------

  /** The healthy update/weight ratio, quoted in messages. */
  public static final Threshold UPDATE_RATIO_HEALTHY =
      new Threshold(
          "UPDATE_RATIO_HEALTHY",
          1e-3,
          "CS231n notes, 'Neural Networks Part 3', babysitting the learning process: the ratio of"
              + " update magnitudes to value magnitudes should be around 1e-3");

  /** An update as large as the weights it changes. */
  public static final Threshold UPDATE_RATIO_EXPLODING =
      new Threshold(
          "UPDATE_RATIO_EXPLODING",
          1,
          "three orders of magnitude above CS231n's ≈1e-3: the update is as large as the weights"
              + " themselves, no learning rate that works gives that");

  /** An update too small to learn in any reasonable number of steps. */
  public static final Threshold UPDATE_RATIO_TINY =
      new Threshold(
          "UPDATE_RATIO_TINY",
          1e-6,
          "three orders of magnitude below CS231n's ≈1e-3 (DESIGN.md: ~1e-6): a million steps"
              + " change a weight by about its own size");

  /** Growth of a weight tensor's norm from its first captured step that counts as exploding. */
  public static final Threshold UPDATE_RATIO_BLOWUP =
      new Threshold(
          "UPDATE_RATIO_BLOWUP",
          10,
          "an update ten times the weights' own size, 1e4× CS231n's ≈1e-3, is no unlucky batch even"
              + " seen once: it usually saturates every unit at once, and the later updates then"
              + " vanish, so the ratio is never seen large twice in a row");

  public static final Threshold WEIGHT_NORM_GROWTH =
      new Threshold(
          "WEIGHT_NORM_GROWTH",
          100,
          "two orders of magnitude: healthy training changes a weight tensor's norm by a small"
              + " factor, while exploding weights grow geometrically (Pascanu, Mikolov & Bengio"
              + " 2013, 'On the difficulty of training recurrent neural networks')");

  /** A weight so large that any dot product with unit-scale inputs overflows or saturates. */
  public static final Threshold HUGE_WEIGHT =
      new Threshold(
          "HUGE_WEIGHT",
          1e6,
          "σ(z) rounds to 1 in double above z ≈ 37 and exp(z) overflows above 709: a weight of 1e6"
              + " leaves no unit-scale input in the working range");

  /** How much smaller an earlier layer's update ratio must be than a later one's to vanish. */
  public static final Threshold VANISHING_LAYER_RATIO =
      new Threshold(
          "VANISHING_LAYER_RATIO",
          1e-2,
          "two orders of magnitude: Glorot & Bengio 2010 (after Bradley 2009) show"
              + " back-propagated gradients shrinking from the output towards the input under"
              + " standard initialisation; two orders between layers means the earlier layer"
              + " effectively stops learning");

  // ---- activations -----------------------------------------------------------------------------

  /** Distance from an asymptote under which a sigmoid/tanh value counts as saturated. */
  public static final Threshold ASYMPTOTE_TOLERANCE =
      new Threshold(
          "ASYMPTOTE_TOLERANCE",
          TensorStats.ASYMPTOTE_TOLERANCE,
          "DESIGN.md: within 1e-2 of an asymptote σ'(z) < 0.0099, under 4% of its peak");

  /** Share of a sigmoid/tanh tensor's values at an asymptote that makes it saturated. */
  public static final Threshold SATURATED_SHARE =
      new Threshold(
          "SATURATED_SHARE",
          0.5,
          "a majority of the layer passes back under 4% of the peak derivative; Glorot & Bengio"
              + " 2010 observe sigmoid top hidden layers driven into saturation, with learning"
              + " stalling on a plateau until they leave it");

  /** Share of a ReLU layer's units that output 0 for every example that makes it dying. */
  public static final Threshold DEAD_UNIT_SHARE =
      new Threshold(
          "DEAD_UNIT_SHARE",
          0.4,
          "CS231n notes, 'Neural Networks Part 1': with a too-high learning rate 'as much as 40% of"
              + " your network can be dead'; Lu et al. 2019, 'Dying ReLU and Initialization', show"
              + " a fully dead layer collapses the network to a constant");

  /** Examples a unit must be silent on before it counts as dead. */
  public static final Threshold DEAD_UNIT_MIN_EXAMPLES =
      new Threshold(
          "DEAD_UNIT_MIN_EXAMPLES",
          8,
          "a live ReLU unit is on for about half of its inputs; the chance it is off for 8"
              + " independent examples is 2⁻⁸ ≈ 0.4%");

  /** Consecutive captured steps a training-health condition must hold (one bad batch is not). */
  public static final Threshold PERSISTENT_STEPS =
      new Threshold(
          "PERSISTENT_STEPS",
          2,
          "a condition seen at two consecutive captured steps is not one unlucky batch; when a"
              + " tensor was captured only once, that once counts");

  // ---- output layer ----------------------------------------------------------------------------

  /** Share of outputs in the flat (or leaky) part of their activation that pins the output. */
  public static final Threshold OUTPUT_PINNED_SHARE =
      new Threshold(
          "OUTPUT_PINNED_SHARE",
          0.95,
          "19 outputs in 20 where the activation is flat: the few left cannot fit the targets");

  /** Share of targets in that flat part below which the targets are 'not pinned'. */
  public static final Threshold TARGET_FLAT_SHARE =
      new Threshold(
          "TARGET_FLAT_SHARE",
          0.5,
          "most targets lie where the output cannot follow them");

  /** How far targets may stray outside the output activation's range. */
  public static final Threshold TARGET_RANGE_TOLERANCE =
      new Threshold(
          "TARGET_RANGE_TOLERANCE",
          TensorStats.ASYMPTOTE_TOLERANCE,
          "the same 1e-2 as the asymptote tolerance: a target nearer than that to a bound is"
              + " reachable in practice");

  // ---- softmax ---------------------------------------------------------------------------------

  /** How far a softmax sum may stray from 1. */
  public static final Threshold SOFTMAX_SUM_TOLERANCE =
      new Threshold(
          "SOFTMAX_SUM_TOLERANCE",
          1e-3,
          "a float sum of n ≤ 1000 terms carries a relative error up to n·2⁻²⁴ ≈ 6e-5; 1e-3 is"
              + " clear of rounding in either precision");

  // ---- loss ------------------------------------------------------------------------------------

  /** Rise of the loss, as a factor of its early level, that counts as divergence. */
  public static final Threshold LOSS_RISE_FACTOR =
      new Threshold(
          "LOSS_RISE_FACTOR",
          1.5,
          "minibatch noise on a loss is about 1/√b of it (≈30% for a batch of 10); a rise by half"
              + " of the early loss, held by the medians of the last two quarters of the run, is"
              + " beyond it");

  /** Relative change of the loss over the run under which it is flat. */
  public static final Threshold LOSS_FLAT_CHANGE =
      new Threshold(
          "LOSS_FLAT_CHANGE",
          1e-2,
          "with updates below 1e-6 of the weights, 2000 steps move them by under 0.2%, so the"
              + " loss cannot move by more than about that; 1% leaves margin");

  /** Loss fall (to this fraction of its early level) that shows the model is learning. */
  public static final Threshold LOSS_LEARNED_FRACTION =
      new Threshold(
          "LOSS_LEARNED_FRACTION",
          0.5,
          "a loss halved over the run is learning; saturated outputs there are a confident model,"
              + " not a stuck one");

  /** Number of non-finite values allowed anywhere. */
  public static final Threshold NON_FINITE_COUNT =
      new Threshold(
          "NON_FINITE_COUNT",
          0,
          "IEEE 754: NaN and infinities propagate through every later operation; none is"
              + " harmless");

  /** Every threshold, for documentation and the REPL. */
  public static List<Threshold> all() {
    return List.of(
        DESCENT_COSINE,
        GRADIENT_RELATIVE_ERROR,
        GRADIENT_COSINE,
        LEARNING_RATE_SPREAD_COORDINATES,
        LEARNING_RATE_SPREAD_DIRECTIONS,
        LEARNING_RATE_SAME_FACTOR,
        ADAPTIVE_FIRST_STEP_EVENNESS,
        UPDATE_RATIO_HEALTHY,
        UPDATE_RATIO_EXPLODING,
        UPDATE_RATIO_BLOWUP,
        UPDATE_RATIO_TINY,
        WEIGHT_NORM_GROWTH,
        HUGE_WEIGHT,
        VANISHING_LAYER_RATIO,
        ASYMPTOTE_TOLERANCE,
        SATURATED_SHARE,
        DEAD_UNIT_SHARE,
        DEAD_UNIT_MIN_EXAMPLES,
        PERSISTENT_STEPS,
        OUTPUT_PINNED_SHARE,
        TARGET_FLAT_SHARE,
        TARGET_RANGE_TOLERANCE,
        SOFTMAX_SUM_TOLERANCE,
        LOSS_RISE_FACTOR,
        LOSS_FLAT_CHANGE,
        LOSS_LEARNED_FRACTION,
        NON_FINITE_COUNT);
  }
}
