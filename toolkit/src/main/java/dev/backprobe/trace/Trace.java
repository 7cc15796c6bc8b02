package dev.backprobe.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.backprobe.probe.ProbeResult;
import java.util.List;

/**
 * Everything Backprobe saw of one training run: the content of {@code trace.json} and the input of
 * the rules engine.
 *
 * @param run facts about the run
 * @param losses the loss at every step it was computed
 * @param steps the captured steps, in order
 * @param probes what probing learned about the trainer's pure methods
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trace(
    @JsonProperty(required = true) RunInfo run,
    List<LossPoint> losses,
    @JsonProperty(required = true) List<StepTrace> steps,
    List<ProbeResult> probes) {}
