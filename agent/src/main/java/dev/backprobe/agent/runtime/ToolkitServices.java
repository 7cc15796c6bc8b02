package dev.backprobe.agent.runtime;

import dev.backprobe.gradcheck.CheckRun;
import dev.backprobe.gradcheck.CheckSettings;
import dev.backprobe.gradcheck.GradientChecker;
import dev.backprobe.gradcheck.NumericGradient;
import dev.backprobe.gradcheck.Parameter;
import dev.backprobe.gradcheck.ParameterGradient;
import dev.backprobe.gradcheck.ParameterUpdate;
import dev.backprobe.gradcheck.TensorResult;
import dev.backprobe.model.DiscoveredTensor;
import dev.backprobe.model.ModelInspector;
import dev.backprobe.model.ModelState;
import dev.backprobe.probe.ActivationKind;
import dev.backprobe.probe.ActivationMatch;
import dev.backprobe.probe.ActivationProber;
import dev.backprobe.probe.DerivativeChecker;
import dev.backprobe.probe.DerivativeReport;
import dev.backprobe.tensor.AxisSums;
import dev.backprobe.tensor.StatsAccumulator;
import dev.backprobe.tensor.TensorStats;
import dev.backprobe.tensor.TensorView;
import dev.backprobe.tensor.UnitActivity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/** Binds the runtime's seams to the toolkit: model, gradcheck, tensor and probe packages. */
public final class ToolkitServices {

  private ToolkitServices() {}

  public static ModelAccess model() {
    ModelInspector inspector = new ModelInspector();
    return new ModelAccess() {
      @Override
      public List<ParameterTensor> parameters(Object root) {
        List<ParameterTensor> params = new ArrayList<>();
        for (DiscoveredTensor t : inspector.parameters(root)) {
          params.add(new ParameterTensor(t.name(), t.view()));
        }
        return params;
      }

      @Override
      public StateSnapshot capture(Object root) {
        ModelState state = ModelState.capture(inspector, List.of(root));
        return new StateSnapshot() {
          @Override
          public void restore() {
            state.restore();
          }

          @Override
          public boolean randomsAdvanced() {
            return state.randomsAdvanced();
          }
        };
      }
    };
  }

  public static GradientOracle oracle() {
    return oracle(new GradientChecker());
  }

  /** Every coordinate checked, whatever the tensor's size (the REPL's {@code gradcheck --full}). */
  public static GradientOracle perCoordinateOracle() {
    return oracle(
        new GradientChecker(CheckSettings.defaults().withCoordinateLimit(Integer.MAX_VALUE)));
  }

  private static GradientOracle oracle(GradientChecker checker) {
    return new GradientOracle() {
      @Override
      public GradientOracle.Outcome checkUpdates(
          int step,
          List<GradientOracle.Update> updates,
          GradientOracle.LossEvaluation loss,
          GradientOracle.KinkSignal kinks) {
        List<ParameterUpdate> list = new ArrayList<>();
        for (GradientOracle.Update u : updates) {
          list.add(new ParameterUpdate(new Parameter(u.name(), u.values()), u.delta()));
        }
        return outcome(
            checker.runUpdates(
                step, list, loss::evaluate, kinks == null ? null : kinks::signature));
      }

      /** An unchanged tensor is an analytic gradient of 0: any gradient above the noise differs. */
      @Override
      public GradientOracle.Outcome checkUnchanged(
          int step, List<GradientOracle.Update> unchanged, GradientOracle.LossEvaluation loss) {
        List<ParameterGradient> list = new ArrayList<>();
        for (GradientOracle.Update u : unchanged) {
          list.add(
              new ParameterGradient(new Parameter(u.name(), u.values()), new double[u.delta().length]));
        }
        return outcome(checker.runGradients(step, list, loss::evaluate, null));
      }
    };
  }

  /** Keeps the failure and the notes: they are what tells a thrown loss from an unchecked one. */
  static GradientOracle.Outcome outcome(CheckRun run) {
    Map<String, String> notes = new LinkedHashMap<>();
    Map<String, NumericGradient> gradients = new LinkedHashMap<>();
    for (TensorResult t : run.tensors()) {
      if (t.note() != null) {
        notes.put(t.check().tensor(), t.note());
      }
      if (t.gradient() != null) {
        gradients.put(t.check().tensor(), t.gradient());
      }
    }
    return new GradientOracle.Outcome(run.checks(), notes, run.failure(), gradients);
  }

  public static TensorStatistics statistics() {
    return new TensorStatistics() {
      @Override
      public TensorStats stats(TensorView view) {
        return StatsAccumulator.of(view);
      }

      @Override
      public UnitActivity units(TensorView view, ActivationKind kind) {
        return view.shape().length == 2 ? UnitActivity.of(view, kind) : null;
      }

      @Override
      public AxisSums axisSums(TensorView view) {
        return view.shape().length == 2 ? AxisSums.of(view) : null;
      }
    };
  }

  public static FunctionProbing probing() {
    return new FunctionProbing() {
      @Override
      public Identified identify(DoubleUnaryOperator function) {
        ActivationMatch m = ActivationProber.identify(function);
        return new Identified(m.kind(), m.maxError(), m.slope());
      }

      @Override
      public Identified identifyRows(UnaryOperator<double[][]> function) {
        ActivationMatch m = ActivationProber.identifyMatrix(function);
        return new Identified(m.kind(), m.maxError(), m.slope());
      }

      @Override
      public DerivativeCheck checkDerivative(
          ActivationKind kind, double slope, DoubleUnaryOperator candidate) {
        DerivativeReport r =
            kind == ActivationKind.LEAKY_RELU && slope > 0
                ? DerivativeChecker.of(kind, slope).check(candidate)
                : DerivativeChecker.check(kind, candidate);
        return new DerivativeCheck(r.convention(), r.verdict(), r.maxError(), r.detail());
      }
    };
  }

  /** Every seam bound to the toolkit, on the global site table and the system clock. */
  public static Recorder.Services services(Problems problems) {
    return new Recorder.Services(
        SiteTable.GLOBAL,
        model(),
        oracle(),
        statistics(),
        probing(),
        problems,
        System::nanoTime,
        ThreadCpuClock.orElse(System::nanoTime));
  }
}
