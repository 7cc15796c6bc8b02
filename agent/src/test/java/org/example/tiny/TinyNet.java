package org.example.tiny;

import dev.backprobe.agent.runtime.FakeSites;
import dev.backprobe.agent.rt.MethodTrait;
import dev.backprobe.agent.rt.Bridge;

/**
 * A two-layer linear model, h = w1 ⊙ x, y = w2 · h, trained on 0.5 (y − t)², that emits the probe
 * events the transformer would inject: {@code train} computes the loss, then calls {@code apply}
 * once per layer. {@code sign} = −1 gives the buggy twin whose update climbs the loss.
 */
public final class TinyNet {
  public double[] w1 = {0.5, -0.4, 0.3};
  public double[] w2 = {0.2, 0.7, -0.6};
  final double rate;
  final double sign;
  // The probes' side lives outside the model, as in an instrumented trainer.
  public static final FakeSites sites = new FakeSites();
  public static final int trainId;
  public static final int lossId;
  public static final int applyId;
  public static final int hiddenStore;
  public int failAtStep = -1;
  int trainCalls;

  public TinyNet(double rate, double sign) {
    this.rate = rate;
    this.sign = sign;
  }

  static {
    trainId =
        sites.method(
            TinyNet.class, "train", "([DD)V", false,
            MethodTrait.WRITES_ARRAY_FIELD, MethodTrait.CALLS_INSTRUMENTED, MethodTrait.STEP_NAME);
    lossId =
        sites.method(
            TinyNet.class, "loss", "([DD)D", false, MethodTrait.RETURNS_SCALAR, MethodTrait.LOSS_NAME,
            MethodTrait.HAS_LOOP);
    applyId =
        sites.method(TinyNet.class, "apply", "([D[D)V", false, MethodTrait.WRITES_ARRAY_FIELD);
    hiddenStore = sites.store(trainId, "h", 42);
  }

  public double loss(double[] x, double t) {
    if (Bridge.wantsArguments(lossId)) {
      Bridge.enter(this, new Object[] {x, t}, lossId);
    } else {
      Bridge.enter(this, null, lossId);
    }
    double y = 0;
    for (int i = 0; i < x.length; i++) {
      y += w2[i] * w1[i] * x[i];
    }
    double value = 0.5 * (y - t) * (y - t);
    Bridge.exitDouble(value, lossId);
    return value;
  }

  public void train(double[] x, double t) {
    trainCalls++;
    if (Bridge.wantsArguments(trainId)) {
      Bridge.enter(this, new Object[] {x, t}, trainId);
    } else {
      Bridge.enter(this, null, trainId);
    }
    loss(x, t);
    double[] h = new double[x.length];
    Bridge.stored(h, hiddenStore);
    double y = 0;
    for (int i = 0; i < x.length; i++) {
      h[i] = w1[i] * x[i];
      y += w2[i] * h[i];
    }
    double e = y - t;
    double[] g1 = new double[x.length];
    double[] g2 = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g1[i] = e * w2[i] * x[i];
      g2[i] = e * h[i];
    }
    apply(w1, g1);
    if (trainCalls == failAtStep) {
      throw new IllegalStateException("boom"); // no exit event, as when an exception unwinds
    }
    apply(w2, g2);
    Bridge.exit(trainId);
  }

  public void apply(double[] w, double[] g) {
    if (Bridge.wantsArguments(applyId)) {
      Bridge.enter(this, new Object[] {w, g}, applyId);
    } else {
      Bridge.enter(this, null, applyId);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] -= sign * rate * g[i];
    }
    Bridge.exit(applyId);
  }
}
