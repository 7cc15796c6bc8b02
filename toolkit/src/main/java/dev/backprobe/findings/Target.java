package dev.backprobe.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What was examined: the main class, the instrumented globs, the step and loss methods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(String main, List<String> include, String step, String loss) {}
