package dev.backprobe.gradcheck;

import dev.backprobe.tensor.TensorView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Compares updates Δθ (or analytic gradients) with the numeric gradient of the loss, tensor by
 * tensor, by central differences in double precision.
 *
 * <p><b>Step.</b> Coordinate i moves by hᵢ = ε^{1/3}·max(1, |θᵢ|), the step that balances the
 * central difference's truncation error O(h²) against its rounding error O(ε/h) (Nocedal & Wright,
 * <i>Numerical Optimization</i>, 2nd ed., §8.1; Numerical Recipes 3rd ed., §5.7). ε is the largest
 * of the storage's unit roundoff (2⁻⁵³, or 2⁻²⁴ for {@link TensorView#singlePrecision() float}
 * storage), the loss arithmetic's (2⁻²⁴ when the loss is found to be computed in float) and the
 * measured relative noise of the loss σ/|L|. The step really stored is read back and used.
 *
 * <p><b>Noise.</b> σ, the rounding noise of the loss, is measured once per call (see {@link
 * NoiseEstimator}: second differences at a few ulps). A central difference with span s has noise
 * √2·σ/s; a coordinate or direction whose slope is within {@link CheckSettings#noiseMultiplier()}
 * of that counts as below the noise, and a tensor whose whole gradient is is {@link
 * CheckVerdict#BELOW_NOISE_FLOOR}, never a mismatch.
 *
 * <p><b>Modes.</b> Tensors up to {@link CheckSettings#coordinateLimit()} values are checked on every
 * coordinate (2 evaluations each). Larger ones along the update direction r̂ and {@link
 * CheckSettings#randomDirections()} random unit directions orthogonal to it, drawn from the checker's
 * own seeded {@link SplittableRandom}, 2 evaluations each: the slope along r̂ (and so whether the
 * update climbs) is measured directly; cosine and relative error are estimated (see {@link
 * GradientSummary}). Along a direction the step is ε^{1/3}·√n·max(1, rms θ), i.e. each coordinate
 * moves about as far as in coordinate mode.
 *
 * <p><b>Kinks.</b> See {@link DifferenceMeter}: a measurement whose ±h evaluations land on other
 * pieces (by the {@link KinkProbe}, or numerically by its one-sided slopes) is retried with a smaller
 * step and excluded if the kink persists; excluded measurements are counted, not compared.
 *
 * <p><b>Restoring.</b> Every perturbation writes back exactly the value read, in a {@code finally}
 * block, so parameters are bit-identical afterwards, also when the loss throws. A throwing or
 * non-finite base loss makes every tensor {@link CheckVerdict#NOT_CHECKED}, with the reason in
 * {@link TensorResult#note()} and {@link CheckRun#failure()}.
 *
 * <p>Instances are immutable and may be shared; a call is not thread-safe with respect to the
 * parameters it perturbs.
 */
public final class GradientChecker {
  /** Share of moved values moved by one ulp at most, beyond which an update is rounding. */
  static final double ROUNDED_UPDATE_SHARE = 0.5;

  /**
   * ‖Δθ‖/‖θ‖ at or below this many machine epsilons of the storage (4: 4.8e-7 for float) is an
   * update most of whose values round to no change: a direction of a few ulps is rounding.
   */
  static final double ROUNDED_UPDATE_EPSILONS = 4;

  private final CheckSettings settings;
  private final CheckJudge judge;

  public GradientChecker() {
    this(CheckSettings.defaults());
  }

  public GradientChecker(CheckSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.judge = new CheckJudge(settings);
  }

  public CheckSettings settings() {
    return settings;
  }

  /**
   * Checks updates; the parameters must hold θ_before. Each Δθ should point along −∇L.
   *
   * @param step the training step, 1-based (0 outside a run)
   */
  public List<GradientCheck> checkUpdates(
      int step, List<ParameterUpdate> updates, LossFunction loss) {
    return runUpdates(step, updates, loss, null).checks();
  }

  /** Checks analytic gradients; the parameters must hold the θ they were computed at. */
  public List<GradientCheck> checkGradients(
      int step, List<ParameterGradient> gradients, LossFunction loss) {
    return runGradients(step, gradients, loss, null).checks();
  }

  /**
   * Checks updates and returns the numeric gradients too.
   *
   * @param kinks reports which pieces the last loss evaluation used, or null to detect kinks
   *     numerically
   */
  public CheckRun runUpdates(
      int step, List<ParameterUpdate> updates, LossFunction loss, KinkProbe kinks) {
    List<Parameter> parameters = new ArrayList<>();
    List<double[]> references = new ArrayList<>();
    for (ParameterUpdate u : updates) {
      parameters.add(u.parameter());
      references.add(u.delta());
    }
    return run(step, CheckSubject.UPDATE, parameters, references, loss, kinks);
  }

  /** Checks analytic gradients and returns the numeric gradients too; see {@link #runUpdates}. */
  public CheckRun runGradients(
      int step, List<ParameterGradient> gradients, LossFunction loss, KinkProbe kinks) {
    List<Parameter> parameters = new ArrayList<>();
    List<double[]> references = new ArrayList<>();
    for (ParameterGradient g : gradients) {
      parameters.add(g.parameter());
      references.add(g.gradient());
    }
    return run(step, CheckSubject.GRADIENT, parameters, references, loss, kinks);
  }

  private CheckRun run(
      int step, CheckSubject subject, List<Parameter> parameters, List<double[]> references,
      LossFunction loss, KinkProbe kinks) {
    Objects.requireNonNull(loss, "loss");
    LossProbe probe = new LossProbe(loss, kinks);
    SplittableRandom random = new SplittableRandom(settings.seed() + 0x9E3779B97F4A7C15L * step);
    double baseLoss;
    NoiseEstimator.NoiseLevel noise;
    try {
      baseLoss = probe.evaluate();
      if (!Double.isFinite(baseLoss)) {
        return notChecked(step, subject, parameters, probe, "the loss is " + baseLoss
            + " at the current parameters");
      }
      long baseSignature = probe.lastSignature();
      List<TensorView> views = parameters.stream().map(Parameter::values).toList();
      noise = NoiseEstimator.measure(probe, views, baseLoss, random);
      TensorRun tensorRun =
          new TensorRun(subject, step, probe, baseLoss, baseSignature, noise, random);
      List<TensorResult> results = new ArrayList<>();
      String failure = null;
      for (int t = 0; t < parameters.size(); t++) {
        try {
          results.add(tensorRun.check(parameters.get(t), references.get(t)));
        } catch (LossFailure f) {
          failure = f.getMessage();
          results.add(notCheckedResult(step, subject, parameters.get(t), f.getMessage()));
        }
      }
      return new CheckRun(results, probe.evaluations(), noise.sigma(), failure);
    } catch (LossFailure f) {
      return notChecked(step, subject, parameters, probe, f.getMessage());
    }
  }

  private static CheckRun notChecked(
      int step, CheckSubject subject, List<Parameter> parameters, LossProbe probe,
      String reason) {
    List<TensorResult> results = new ArrayList<>();
    for (Parameter p : parameters) {
      results.add(notCheckedResult(step, subject, p, reason));
    }
    return new CheckRun(results, probe.evaluations(), Double.NaN, reason);
  }

  private static TensorResult notCheckedResult(
      int step, CheckSubject subject, Parameter p, String reason) {
    GradientCheck check =
        new GradientCheck(p.name(), step, subject, CheckMode.COORDINATES, p.size(), 0,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            0, 0, CheckVerdict.NOT_CHECKED);
    return new TensorResult(check, null, reason);
  }

  /** The per-tensor part of one call: shares the base loss, the noise and the random stream. */
  private final class TensorRun {
    private final CheckSubject subject;
    private final int step;
    private final LossProbe probe;
    private final NoiseEstimator.NoiseLevel noise;
    private final double relativeNoise;
    private final DifferenceMeter meter;
    private final SplittableRandom random;

    TensorRun(
        CheckSubject subject, int step, LossProbe probe, double baseLoss, long baseSignature,
        NoiseEstimator.NoiseLevel noise, SplittableRandom random) {
      this.subject = subject;
      this.step = step;
      this.probe = probe;
      this.noise = noise;
      this.relativeNoise = baseLoss == 0 ? 0 : noise.sigma() / Math.abs(baseLoss);
      this.meter = new DifferenceMeter(
          probe, baseLoss, baseSignature, noise.sigma(), settings.noiseMultiplier());
      this.random = random;
    }

    TensorResult check(Parameter parameter, double[] reference) {
      TensorView view = parameter.values();
      int size = view.size();
      double referenceNorm = norm(reference);
      CheckMode mode =
          size <= settings.coordinateLimit() ? CheckMode.COORDINATES : CheckMode.DIRECTIONS;
      CheckJudge.Subject who = new CheckJudge.Subject(parameter.name(), step, subject, mode, size);
      if (size == 0 || (subject == CheckSubject.UPDATE && referenceNorm == 0)) {
        GradientCheck check = new GradientCheck(parameter.name(), step, subject, mode, size, 0,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, referenceNorm,
            Double.NaN, 0, 0, CheckVerdict.NO_UPDATE);
        return new TensorResult(check, null, null);
      }
      int before = probe.evaluations();
      double relativeStep = relativeStep(view);
      boolean[] nonFinite;
      NumericGradient gradient;
      GradientSummary summary;
      if (mode == CheckMode.COORDINATES) {
        nonFinite = new boolean[size];
        gradient = coordinates(parameter, relativeStep, nonFinite);
        summary = GradientSummary.coordinates(
            gradient, reference, nonFinite, settings.noiseMultiplier());
      } else {
        nonFinite = new boolean[settings.randomDirections() + 1];
        gradient = directions(parameter, reference, referenceNorm, relativeStep, nonFinite);
        summary = GradientSummary.directions(
            gradient, size, referenceNorm, nonFinite, settings.noiseMultiplier());
      }
      GradientCheck check = judge.judge(who, probe.evaluations() - before, summary);
      String note = note(summary, mode);
      if (subject == CheckSubject.UPDATE
          && (check.verdict() == CheckVerdict.CLIMBS || check.verdict() == CheckVerdict.MISMATCH)
          && atStorageResolution(view, reference)) {
        check = withVerdict(check, CheckVerdict.BELOW_NOISE_FLOOR);
        note = "the update moves most values by one unit in the last place of their storage or"
            + " less: its direction is rounding, not the step's";
      }
      return new TensorResult(check, gradient, note);
    }

    /**
     * Whether the update is below what the storage resolves: ‖Δθ‖/‖θ‖ within {@link
     * #ROUNDED_UPDATE_EPSILONS} machine epsilons, or more than {@link #ROUNDED_UPDATE_SHARE} of the
     * values it moved moved by one ulp at most. {@code w -= 1e-9f * g} on floats leaves weights of
     * 0.04 unchanged and moves a bias near 0, so Δθ is the rounding's pattern and its cosine with
     * −∇L is noise (0.01 on a correct logistic regression): a tiny update, not a wrong gradient.
     */
    private boolean atStorageResolution(TensorView view, double[] update) {
      boolean single = view.singlePrecision();
      double epsilon = single ? Math.ulp(1.0f) : Math.ulp(1.0);
      if (norm(update) <= ROUNDED_UPDATE_EPSILONS * epsilon * norm(view.toArray())) {
        return true; // most values cannot move that little at all: only those near 0 did
      }
      int moved = 0;
      int rounded = 0;
      for (int i = 0; i < update.length; i++) {
        if (update[i] == 0) {
          continue;
        }
        moved++;
        double v = view.get(i);
        double ulp = single ? Math.ulp((float) v) : Math.ulp(v);
        if (Math.abs(update[i]) <= ulp) {
          rounded++;
        }
      }
      return moved > 0 && rounded > ROUNDED_UPDATE_SHARE * moved;
    }

    /** ε^{1/3} for the largest relevant roundoff; see the class Javadoc. */
    private double relativeStep(TensorView view) {
      double storage = view.singlePrecision()
          ? NoiseEstimator.FLOAT_ROUNDOFF
          : NoiseEstimator.DOUBLE_ROUNDOFF;
      return Math.cbrt(Math.max(Math.max(storage, noise.lossRoundoff()), relativeNoise));
    }

    private NumericGradient coordinates(
        Parameter parameter, double relativeStep, boolean[] nonFinite) {
      TensorView view = parameter.values();
      int size = view.size();
      double[] slopes = new double[size];
      double[] noiseLevels = new double[size];
      boolean[] usable = new boolean[size];
      CoordinateLine[] lines = new CoordinateLine[size];
      double[] steps = new double[size];
      DifferenceMeter.Sample[] first = new DifferenceMeter.Sample[size];
      double energy = 0;
      for (int i = 0; i < size; i++) {
        lines[i] = new CoordinateLine(view, i);
        steps[i] = relativeStep * Math.max(1.0, Math.abs(lines[i].original()));
        first[i] = meter.sample(lines[i], steps[i]);
        energy += finiteSquare(first[i].slope());
      }
      double slopeScale = Math.sqrt(energy / size);
      for (int i = 0; i < size; i++) {
        DifferenceMeter.Difference d = meter.resolve(lines[i], steps[i], first[i], slopeScale, true);
        record(d, i, slopes, noiseLevels, usable, nonFinite);
      }
      return new NumericGradient(
          parameter.name(), CheckMode.COORDINATES, null, slopes, noiseLevels, usable);
    }

    private NumericGradient directions(
        Parameter parameter, double[] reference, double referenceNorm, double relativeStep,
        boolean[] nonFinite) {
      TensorView view = parameter.values();
      int size = view.size();
      double[] original = view.toArray();
      double[][] units = new double[settings.randomDirections() + 1][];
      units[0] = referenceNorm > 0 ? scaled(reference, 1 / referenceNorm) : gaussianUnit(size, null);
      for (int j = 1; j < units.length; j++) {
        units[j] = gaussianUnit(size, units[0]);
      }
      double rms = norm(original) / Math.sqrt(size);
      double t = relativeStep * Math.sqrt(size) * Math.max(1.0, rms);
      double[] slopes = new double[units.length];
      double[] noiseLevels = new double[units.length];
      boolean[] usable = new boolean[units.length];
      DirectionLine[] lines = new DirectionLine[units.length];
      double[] scratch = new double[size];
      DifferenceMeter.Sample[] first = new DifferenceMeter.Sample[units.length];
      double energy = 0;
      for (int j = 0; j < units.length; j++) {
        lines[j] = new DirectionLine(view, original, units[j], scratch);
        first[j] = meter.sample(lines[j], t);
        // u₀ carries its own slope; each random one stands for (n−1)/k of the perpendicular part.
        double weight = j == 0 ? 1 : (size - 1.0) / (units.length - 1);
        energy += weight * finiteSquare(first[j].slope());
      }
      double slopeScale = Math.sqrt(energy / size);
      for (int j = 0; j < units.length; j++) {
        DifferenceMeter.Difference d = meter.resolve(lines[j], t, first[j], slopeScale, false);
        record(d, j, slopes, noiseLevels, usable, nonFinite);
      }
      return new NumericGradient(
          parameter.name(), CheckMode.DIRECTIONS, units, slopes, noiseLevels, usable);
    }

    /** A uniform random unit vector, orthogonal to {@code away} when given (a unit vector). */
    private double[] gaussianUnit(int size, double[] away) {
      double[] u = new double[size];
      for (int i = 0; i < size; i++) {
        u[i] = random.nextGaussian();
      }
      if (away != null) {
        double dot = 0;
        for (int i = 0; i < size; i++) {
          dot += u[i] * away[i];
        }
        for (int i = 0; i < size; i++) {
          u[i] -= dot * away[i];
        }
      }
      double n = norm(u);
      for (int i = 0; i < size; i++) {
        u[i] /= n;
      }
      return u;
    }
  }

  private static void record(
      DifferenceMeter.Difference d, int j, double[] slopes, double[] noiseLevels,
      boolean[] usable, boolean[] nonFinite) {
    slopes[j] = d.slope();
    noiseLevels[j] = d.noise();
    usable[j] = d.usable();
    nonFinite[j] = !d.finite();
  }

  private static double finiteSquare(double x) {
    return Double.isFinite(x) ? x * x : 0;
  }

  private static String note(GradientSummary s, CheckMode mode) {
    if (s.excluded() == 0) {
      return null;
    }
    String what = mode == CheckMode.COORDINATES ? "coordinates" : "directions";
    int kinks = s.excluded() - s.nonFinite();
    StringBuilder b = new StringBuilder();
    if (kinks > 0) {
      b.append(kinks).append(' ').append(what).append(" crossed a kink and were excluded");
    }
    if (s.nonFinite() > 0) {
      b.append(b.length() > 0 ? "; " : "").append(s.nonFinite()).append(' ').append(what)
          .append(" gave a non-finite loss and were excluded");
    }
    return b.toString();
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double[] scaled(double[] v, double factor) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * factor;
    }
    return out;
  }

  private static GradientCheck withVerdict(GradientCheck c, CheckVerdict verdict) {
    return new GradientCheck(c.tensor(), c.step(), c.subject(), c.mode(), c.size(),
        c.lossEvaluations(), c.cosine(), c.relativeError(), c.effectiveLearningRate(),
        c.directionalDerivative(), c.gradientNorm(), c.updateNorm(), c.noiseFloor(),
        c.kinkCrossings(), c.belowNoiseFloor(), verdict);
  }
}
