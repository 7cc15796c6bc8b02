package dev.backprobe.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Facts about the run a trace comes from.
 *
 * @param tool always {@code backprobe}
 * @param version Backprobe's version
 * @param main the trainer's main class
 * @param commandLine the JVM's command line, as far as it is known
 * @param jvm JVM vendor and version
 * @param options the agent's options, as given and defaulted
 * @param include the class globs that were instrumented
 * @param step the step method, {@code pkg.Class#method}, or null when none was found
 * @param stepReason why that method was taken as the step (given, or the heuristic's reason)
 * @param loss the loss method, or null
 * @param lossReason why that method was taken as the loss
 * @param updateModel which model of the update was verified: {@code sgd}, {@code momentum},
 *     {@code adaptive}
 * @param steps number of steps the run made
 * @param capturedSteps the steps that were captured
 * @param wallMillis wall time of the run
 * @param agentMillis wall time the agent spent capturing and verifying
 * @param problems faults the agent met and survived (a class that would not instrument, a loss that
 *     threw during replay), one sentence each
 * @param stepLocation where the step method is declared (its first line), or null when unknown
 * @param lossLocation where the loss method is declared (its first line), or null when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunInfo(
    String tool,
    String version,
    String main,
    String commandLine,
    String jvm,
    Map<String, String> options,
    List<String> include,
    String step,
    String stepReason,
    String loss,
    String lossReason,
    String updateModel,
    int steps,
    List<Integer> capturedSteps,
    long wallMillis,
    long agentMillis,
    List<String> problems,
    SourceLocation stepLocation,
    SourceLocation lossLocation) {

  /** Run facts without the step's and loss's declarations (traces that do not know them). */
  public RunInfo(
      String tool,
      String version,
      String main,
      String commandLine,
      String jvm,
      Map<String, String> options,
      List<String> include,
      String step,
      String stepReason,
      String loss,
      String lossReason,
      String updateModel,
      int steps,
      List<Integer> capturedSteps,
      long wallMillis,
      long agentMillis,
      List<String> problems) {
    this(tool, version, main, commandLine, jvm, options, include, step, stepReason, loss,
        lossReason, updateModel, steps, capturedSteps, wallMillis, agentMillis, problems, null,
        null);
  }

  /** Where {@code method} ({@code pkg.Class#name}) is declared, when it is the step or the loss. */
  public SourceLocation declaration(String method) {
    if (method == null) {
      return null;
    }
    if (method.equals(step) && stepLocation != null) {
      return stepLocation;
    }
    return method.equals(loss) ? lossLocation : null;
  }
}
