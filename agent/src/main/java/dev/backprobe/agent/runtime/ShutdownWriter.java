package dev.backprobe.agent.runtime;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.findings.Severity;
import dev.backprobe.findings.Target;
import dev.backprobe.report.HtmlReport;
import dev.backprobe.report.ReportOptions;
import dev.backprobe.rules.RulesEngine;
import dev.backprobe.trace.RunInfo;
import dev.backprobe.trace.StepTrace;
import dev.backprobe.trace.Trace;
import dev.backprobe.trace.TraceIO;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * At the end of the run: builds the {@link Trace}, runs the rules, writes {@code trace.json},
 * {@code findings.json} and {@code report.html} into the output folder and prints a short summary
 * on stderr. Each part fails alone, with one line.
 */
public final class ShutdownWriter {

  /** What the run was, for {@link RunInfo} and the findings' target. */
  public record RunFacts(
      String version,
      String main,
      String commandLine,
      Map<String, String> options,
      List<String> include,
      long startMillis) {}

  private ShutdownWriter() {}

  /** Assembles the trace from what the recorder saw. */
  public static Trace trace(Recorder.TraceData data, RunFacts facts, List<String> problems) {
    UpdateModels.Fit fit =
        UpdateModels.fit(
            ModelState.parametersOnly(data.steps()),
            data.observed(),
            data.stochasticSteps(),
            data.lossOnOtherData());
    List<StepTrace> steps = fit.steps();
    List<Integer> captured = steps.stream().map(StepTrace::step).toList();
    RunInfo run =
        new RunInfo(
            FindingsDocument.TOOL,
            facts.version(),
            facts.main(),
            facts.commandLine(),
            System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
            facts.options(),
            facts.include(),
            data.step(),
            data.stepReason(),
            data.loss(),
            data.lossReason(),
            fit.model(),
            data.stepsRun(),
            captured,
            System.currentTimeMillis() - facts.startMillis(),
            data.agentMillis(),
            problems.isEmpty() ? null : problems,
            data.stepLocation(),
            data.lossLocation());
    return new Trace(run, List.copyOf(data.losses()), steps, data.probes());
  }

  /**
   * Runs the rules, writes the files and the summary. {@code trace.json} is written on a thread of
   * its own while the rules run and the HTML report is rendered: the trainer has stopped, so a
   * second core is free, and at the exit of the benchmark's 10 s run the two took about the same
   * time (45–60 ms each, code still cold). The rules and the report use no Jackson, so only one
   * thread at a time serialises JSON: {@code findings.json} is written once the trace is.
   */
  public static void write(Trace trace, Path out, PrintStream err, Problems problems) {
    TraceFileWriter traceFile = TraceFileWriter.start(trace, out);
    List<Finding> findings = List.of();
    try {
      RulesEngine.Evaluation evaluation = new RulesEngine().run(trace);
      findings = evaluation.findings();
      evaluation.problems().forEach(p -> problems.report("rule:" + p, p, null));
    } catch (RuntimeException e) {
      problems.report("rules", "the rules could not run", e);
    }
    FindingsDocument document = document(trace, findings);
    String htmlFailure = null;
    try {
      Files.createDirectories(out);
      HtmlReport.write(trace, document, reportOptions(), out.resolve(HtmlReport.FILE_NAME));
    } catch (IOException | RuntimeException | LinkageError e) {
      htmlFailure = Problems.describe(e);
    }
    List<String> written = new ArrayList<>();
    try {
      traceFile.await();
      written.add(TraceIO.FILE_NAME);
      FindingsIO.write(document, out.resolve(FindingsIO.FILE_NAME));
      written.add(FindingsIO.FILE_NAME);
    } catch (IOException | RuntimeException e) {
      err.println("[backprobe] could not write into " + out + ": " + Problems.describe(e));
    }
    if (htmlFailure == null) {
      written.add(HtmlReport.FILE_NAME);
    } else {
      err.println("[backprobe] could not write the HTML report: " + htmlFailure);
    }
    err.print(summary(trace, document, out, written));
    err.flush();
  }

  /** The findings file's content for a trace and its findings. */
  public static FindingsDocument document(Trace trace, List<Finding> findings) {
    RunInfo run = trace.run();
    return new FindingsDocument(
        FindingsDocument.TOOL,
        run.version(),
        new Target(run.main(), run.include(), run.step(), run.loss()),
        run.steps(),
        run.capturedSteps(),
        findings);
  }

  /**
   * Writes the three files now (the live REPL's {@code report}); the run's own files overwrite
   * them at exit.
   *
   * @return the report's path
   */
  public static Path writeNow(Trace trace, List<Finding> findings, Path out) throws IOException {
    FindingsDocument document = document(trace, findings);
    Files.createDirectories(out);
    TraceIO.write(trace, out.resolve(TraceIO.FILE_NAME));
    FindingsIO.write(document, out.resolve(FindingsIO.FILE_NAME));
    Path report = out.resolve(HtmlReport.FILE_NAME);
    HtmlReport.write(trace, document, reportOptions(), report);
    return report;
  }

  /**
   * Sources are looked for next to this JVM's class-path folders ({@code target/classes} →
   * {@code src/main/java}), made absolute here, where the working directory is the run's.
   */
  static ReportOptions reportOptions() {
    List<Path> dirs = new ArrayList<>();
    String classPath = System.getProperty("java.class.path", "");
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        Path dir = Path.of(entry).toAbsolutePath();
        if (Files.isDirectory(dir)) {
          dirs.add(dir);
        }
      }
    }
    return ReportOptions.defaults().withClassesDirs(dirs);
  }

  static String summary(Trace trace, FindingsDocument document, Path out, List<String> written) {
    RunInfo run = trace.run();
    StringBuilder sb = new StringBuilder();
    long errors = document.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
    long warnings =
        document.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
    sb.append("[backprobe] ")
        .append(run.steps())
        .append(" steps of ")
        .append(run.step() == null ? "(no step found)" : run.step())
        .append(", ")
        .append(run.capturedSteps().size())
        .append(" captured; ")
        .append(errors)
        .append(" errors, ")
        .append(warnings)
        .append(" warnings\n");
    int shown = 0;
    for (Finding f : document.findings()) {
      if (shown++ == 3) {
        break;
      }
      sb.append("[backprobe]   ")
          .append(f.severity().id())
          .append(' ')
          .append(f.rule())
          .append(f.location() == null ? "" : " at " + f.location().shortForm())
          .append(": ")
          .append(f.message())
          .append('\n');
    }
    if (!written.isEmpty()) {
      sb.append("[backprobe] wrote ")
          .append(String.join(", ", written))
          .append(" to ")
          .append(out.toAbsolutePath())
          .append('\n');
    }
    return sb.toString();
  }
}
