package dev.backprobe.agent.live;

import dev.backprobe.agent.runtime.GradientOracle;
import dev.backprobe.agent.runtime.Problems;
import dev.backprobe.agent.runtime.Recorder;
import dev.backprobe.agent.runtime.ShutdownWriter;
import dev.backprobe.agent.runtime.ToolkitServices;
import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.repl.Session;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The live REPL's access to a run: the recorder's trace so far, the rules, a check, a report. */
public final class RecorderHost implements LiveHost {

  private final Recorder recorder;
  private final Supplier<ShutdownWriter.RunFacts> facts;
  private final Problems problems;
  private final Path out;
  private final GradientOracle oracle = ToolkitServices.oracle();
  private final GradientOracle perCoordinate = ToolkitServices.perCoordinateOracle();

  /**
   * @param facts what the run is (asked at each pause: the time spent so far changes)
   * @param out the folder {@code report} writes into (the run's {@code out})
   */
  public RecorderHost(
      Recorder recorder, Supplier<ShutdownWriter.RunFacts> facts, Problems problems, Path out) {
    this.recorder = recorder;
    this.facts = facts;
    this.problems = problems;
    this.out = out;
  }

  @Override
  public Trace trace() {
    return ShutdownWriter.trace(recorder.snapshot(), facts.get(), problems.list());
  }

  @Override
  public List<Finding> findings(Trace trace) {
    try {
      return new RulesEngine().run(trace).findings();
    } catch (RuntimeException e) {
      problems.report("live-rules", "the rules could not run on the trace so far", e);
      return List.of();
    }
  }

  @Override
  public List<GradientCheck> gradcheck(String tensor, boolean full, Session.Progress progress) {
    return recorder.checkHeldStep(tensor, full ? perCoordinate : oracle, progress);
  }

  @Override
  public Path writeReport(Trace trace, List<Finding> findings) {
    try {
      return ShutdownWriter.writeNow(trace, findings, out);
    } catch (IOException e) {
      throw new IllegalStateException("could not write into " + out + ": " + e.getMessage());
    }
  }
}
