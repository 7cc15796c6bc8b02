package dev.backprobe.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides, from consecutive steps' updates Δθ and numeric gradients g of one tensor, whether the
 * trainer runs plain SGD, SGD with momentum or an adaptive (per-coordinate) optimizer, and whether
 * its updates descend under that model — so that a correct trainer with momentum or Adam never gets
 * a gradient error (DESIGN.md, "Optimizers").
 *
 * <p>Every fit works on the measured projections: for each usable uⱼ of a step's {@link
 * NumericGradient}, y = Δθₜ·uⱼ, a = gₜ·uⱼ and b = Δθₜ₋₁·uⱼ, weighted 1 (coordinates, and u₀ in
 * directional mode) or (n−1)/k (each of k random directions stands for that share of the space), so
 * that weighted sums estimate full-vector dot products.
 *
 * <ol>
 *   <li><b>SGD</b>: per step, y = −ηₜ·a by least squares; accepted when every step's relative
 *       residual ‖Δθ + ηₜg‖/‖Δθ‖ (= sin of the angle) is within {@link #SIN_PER_RELATIVE_ERROR}
 *       times the checker's relative-error tolerance, plus the noise's share.
 *   <li><b>Momentum</b>: y = −η·a + β·b over all steps whose previous step was observed (b = 0 at
 *       step 1), by 2×2 least squares; accepted with the same residual test, η &gt; 0 and 0 ≤ β &lt;
 *       1 (heavy ball diverges for β ≥ 1).
 *   <li><b>Adaptive</b>: only what any positive per-coordinate scaling guarantees is checked. At
 *       step 1 (if observed): in coordinate mode every coordinate whose gradient is beyond the
 *       noise moves against it ({@link #ADAPTIVE_SIGN_AGREEMENT}); in directional mode, where
 *       per-coordinate signs are unknown, the update must look like Adam's first step ±η
 *       ({@link #SIGN_LIKE_SHARE} of the moved coordinates within {@link #SIGN_LIKE_SPREAD} of the
 *       median size). At every step: descent Δθ·g &lt; 0 beyond the noise.
 * </ol>
 *
 * If no model fits, the verdict is {@link CheckVerdict#MISMATCH}; a fitted learning rate below 0, a
 * step-1 sign agreement under one half or an ascending step gives {@link CheckVerdict#CLIMBS}.
 */
public final class UpdateModelFitter {

  /**
   * For small angles sin θ ≈ 2·tan(θ/2): the checker's relative error is tan(θ/2), the residual here
   * is sin θ, so the same angular tolerance is twice the relative-error tolerance.
   */
  static final double SIN_PER_RELATIVE_ERROR = 2;

  /**
   * Positive per-coordinate scaling never flips a sign, so coordinates whose gradient is above the
   * noise floor should all agree; 0.95 leaves room for coordinates just above the floor whose
   * measured sign is wrong.
   */
  static final double ADAPTIVE_SIGN_AGREEMENT = 0.95;

  /**
   * Adam's first step is η·g/(|g| + ε): within 10% of η wherever |g| ≥ 9ε (ε = 1e-8 by default,
   * Kingma & Ba 2015); RMSprop's and AdaGrad's first steps are likewise constant in size.
   */
  static final double SIGN_LIKE_SPREAD = 0.1;

  /** Share of moved coordinates that must be sign-like; the rest may have |g| near ε. */
  static final double SIGN_LIKE_SHARE = 0.9;

  private final CheckSettings settings;

  public UpdateModelFitter() {
    this(CheckSettings.defaults());
  }

  public UpdateModelFitter(CheckSettings settings) {
    this.settings = settings;
  }

  /**
   * Fits the models to one tensor's observations (any order; not modified).
   *
   * @param tensor the tensor's name, for the result
   */
  public UpdateModelFit fit(String tensor, List<UpdateObservation> observations) {
    List<UpdateObservation> steps = new ArrayList<>(observations);
    steps.removeIf(o -> norm(o.update()) == 0);
    steps.sort(Comparator.comparingInt(UpdateObservation::step));
    if (steps.isEmpty()) {
      return new UpdateModelFit(tensor, UpdateModel.UNEXPLAINED, Double.NaN, Double.NaN,
          Double.NaN, CheckVerdict.NOT_CHECKED, "no step changed " + tensor);
    }
    List<Equations> perStep = new ArrayList<>();
    for (int t = 0; t < steps.size(); t++) {
      UpdateObservation previous = t > 0 && steps.get(t - 1).step() == steps.get(t).step() - 1
          ? steps.get(t - 1) : null;
      perStep.add(Equations.of(steps.get(t), previous));
    }
    UpdateModelFit sgd = fitSgd(tensor, perStep);
    if (sgd != null) {
      return sgd;
    }
    UpdateModelFit momentum = fitMomentum(tensor, perStep);
    if (momentum != null) {
      return momentum;
    }
    return checkAdaptive(tensor, steps, perStep);
  }

  private double acceptable(double noiseShare) {
    return SIN_PER_RELATIVE_ERROR * settings.relativeErrorTolerance()
        + settings.noiseMultiplier() * noiseShare;
  }

  private UpdateModelFit fitSgd(String tensor, List<Equations> perStep) {
    double[] rates = new double[perStep.size()];
    double worst = 0;
    for (int t = 0; t < perStep.size(); t++) {
      Equations e = perStep.get(t);
      double rate = -e.dot(e.y, e.a) / e.dot(e.a, e.a);
      double residual = Math.sqrt(e.residualSquared(-rate, 0) / e.dot(e.y, e.y));
      double noiseShare = Math.abs(rate) * Math.sqrt(e.dot(e.noise, e.noise) / e.dot(e.y, e.y));
      if (!(residual <= acceptable(noiseShare))) {
        return null;
      }
      rates[t] = rate;
      worst = Math.max(worst, residual);
    }
    double median = median(rates);
    boolean descends = Arrays.stream(rates).allMatch(r -> r > 0);
    return new UpdateModelFit(tensor, UpdateModel.SGD, median, Double.NaN, worst,
        descends ? CheckVerdict.AGREES : CheckVerdict.CLIMBS,
        String.format(Locale.ROOT,
            "plain SGD fits every step (learning rate %.3g, residual %.2g)%s", median, worst,
            descends ? "" : "; the update follows +g: it climbs"));
  }

  private UpdateModelFit fitMomentum(String tensor, List<Equations> perStep) {
    double saa = 0;
    double sab = 0;
    double sbb = 0;
    double say = 0;
    double sby = 0;
    double syy = 0;
    double snn = 0;
    boolean identifiable = false;
    for (Equations e : perStep) {
      if (e.b == null) {
        continue;
      }
      saa += e.dot(e.a, e.a);
      sab += e.dot(e.a, e.b);
      sbb += e.dot(e.b, e.b);
      say += e.dot(e.a, e.y);
      sby += e.dot(e.b, e.y);
      syy += e.dot(e.y, e.y);
      snn += e.dot(e.noise, e.noise);
      identifiable |= e.dot(e.b, e.b) > 0;
    }
    double det = saa * sbb - sab * sab;
    if (!identifiable || !(det > 0)) {
      return null;
    }
    double minusRate = (say * sbb - sby * sab) / det;
    double beta = (saa * sby - sab * say) / det;
    double rate = -minusRate;
    double residualSquared = 0;
    for (Equations e : perStep) {
      if (e.b != null) {
        residualSquared += e.residualSquared(minusRate, beta);
      }
    }
    double residual = Math.sqrt(residualSquared / syy);
    double noiseShare = Math.abs(rate) * Math.sqrt(snn / syy);
    if (!(residual <= acceptable(noiseShare)) || !(beta >= 0 && beta < 1)) {
      return null;
    }
    boolean descends = rate > 0;
    return new UpdateModelFit(tensor, UpdateModel.MOMENTUM, rate, beta, residual,
        descends ? CheckVerdict.AGREES : CheckVerdict.CLIMBS,
        String.format(Locale.ROOT,
            "SGD with momentum fits (learning rate %.3g, momentum %.3g, residual %.2g)%s", rate,
            beta, residual, descends ? "" : "; the update follows +g: it climbs"));
  }

  private UpdateModelFit checkAdaptive(
      String tensor, List<UpdateObservation> steps, List<Equations> perStep) {
    double multiplier = settings.noiseMultiplier();
    for (int t = 0; t < steps.size(); t++) {
      Equations e = perStep.get(t);
      double descent = e.dot(e.y, e.a);
      double noise = Math.sqrt(e.dot2(e.y, e.noise));
      if (descent > multiplier * noise) {
        return adaptive(tensor, CheckVerdict.CLIMBS, String.format(Locale.ROOT,
            "no SGD or momentum fit; at step %d the update climbs (Δθ·g = %.3g > 0)",
            steps.get(t).step(), descent));
      }
    }
    UpdateObservation first = steps.get(0);
    if (first.step() != 1) {
      return adaptive(tensor, CheckVerdict.AGREES,
          "no SGD or momentum fit; treated as adaptive: every observed step descends"
              + " (step 1 not observed, so per-coordinate signs were not checked)");
    }
    NumericGradient g = first.gradient();
    if (g.mode() == CheckMode.COORDINATES) {
      double agreement = signAgreement(first.update(), g);
      if (agreement >= ADAPTIVE_SIGN_AGREEMENT || Double.isNaN(agreement)) {
        return adaptive(tensor, CheckVerdict.AGREES, String.format(Locale.ROOT,
            "adaptive: step 1 moves %.0f%% of the coordinates against the gradient and every"
                + " observed step descends", 100 * (Double.isNaN(agreement) ? 1 : agreement)));
      }
      return new UpdateModelFit(tensor, UpdateModel.UNEXPLAINED, Double.NaN, Double.NaN,
          Double.NaN, agreement < 0.5 ? CheckVerdict.CLIMBS : CheckVerdict.MISMATCH,
          String.format(Locale.ROOT,
              "no SGD or momentum fit, and step 1 moves only %.0f%% of the coordinates against"
                  + " the gradient (a per-coordinate scaling would move all)", 100 * agreement));
    }
    double signLike = signLikeShare(first.update());
    if (signLike >= SIGN_LIKE_SHARE) {
      return adaptive(tensor, CheckVerdict.AGREES, String.format(Locale.ROOT,
          "adaptive: step 1 has Adam's ±η shape (%.0f%% of the moves within %.0f%% of the same"
              + " size) and every observed step descends", 100 * signLike,
          100 * SIGN_LIKE_SPREAD));
    }
    return new UpdateModelFit(tensor, UpdateModel.UNEXPLAINED, Double.NaN, Double.NaN,
        Double.NaN, CheckVerdict.MISMATCH,
        "no SGD or momentum fit, and step 1 does not have the ±η shape of an adaptive first step");
  }

  private static UpdateModelFit adaptive(String tensor, CheckVerdict verdict, String why) {
    return new UpdateModelFit(
        tensor, UpdateModel.ADAPTIVE, Double.NaN, Double.NaN, Double.NaN, verdict, why);
  }

  /** Share of coordinates with |gᵢ| beyond the noise whose update has the opposite sign. */
  private double signAgreement(double[] update, NumericGradient g) {
    int counted = 0;
    int agreeing = 0;
    for (int i = 0; i < g.count(); i++) {
      double gi = g.projection(i);
      if (!g.usable()[i] || !(Math.abs(gi) > settings.noiseMultiplier() * g.noise()[i])) {
        continue;
      }
      counted++;
      agreeing += update[i] * gi < 0 ? 1 : 0;
    }
    return counted == 0 ? Double.NaN : (double) agreeing / counted;
  }

  /** Share of non-zero moves whose size is within {@link #SIGN_LIKE_SPREAD} of the median. */
  private static double signLikeShare(double[] update) {
    double[] sizes = Arrays.stream(update).map(Math::abs).filter(v -> v > 0).toArray();
    if (sizes.length == 0) {
      return 0;
    }
    double median = median(sizes);
    long near = Arrays.stream(sizes)
        .filter(v -> Math.abs(v - median) <= SIGN_LIKE_SPREAD * median).count();
    return (double) near / sizes.length;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** One step's weighted equations y ≈ −η·a + β·b over the usable projections. */
  private static final class Equations {
    final double[] weight;
    final double[] y;
    final double[] a;
    final double[] b;
    final double[] noise;

    private Equations(double[] weight, double[] y, double[] a, double[] b, double[] noise) {
      this.weight = weight;
      this.y = y;
      this.a = a;
      this.b = b;
      this.noise = noise;
    }

    /**
     * The step's projections, as {@link OptimizerCheck.MomentumTerm} computes them; b is zero for
     * step 1 (no velocity yet) and absent when the step before was not observed.
     */
    static Equations of(UpdateObservation o, UpdateObservation previous) {
      double[] before = previous != null ? previous.update() : new double[o.update().length];
      OptimizerCheck.MomentumTerm t =
          OptimizerCheck.MomentumTerm.of(o.update(), before, o.gradient(), Double.NaN);
      boolean hasB = previous != null || o.step() == 1;
      return new Equations(t.w(), t.y(), t.a(), hasB ? t.b() : null, t.noise());
    }

    /** Weighted dot product Σ wⱼ·uⱼ·vⱼ. */
    double dot(double[] u, double[] v) {
      double s = 0;
      for (int j = 0; j < u.length; j++) {
        s += weight[j] * u[j] * v[j];
      }
      return s;
    }

    /** Σ wⱼ·uⱼ²·vⱼ²: the variance of Σ wⱼ·uⱼ·εⱼ for noise εⱼ of std vⱼ. */
    double dot2(double[] u, double[] v) {
      double s = 0;
      for (int j = 0; j < u.length; j++) {
        s += weight[j] * u[j] * u[j] * v[j] * v[j];
      }
      return s;
    }

    /** Σ wⱼ·(yⱼ − p·aⱼ − β·bⱼ)² for y ≈ p·a + β·b. */
    double residualSquared(double p, double beta) {
      double s = 0;
      for (int j = 0; j < y.length; j++) {
        double r = y[j] - p * a[j] - (b == null ? 0 : beta * b[j]);
        s += weight[j] * r * r;
      }
      return s;
    }
  }
}
