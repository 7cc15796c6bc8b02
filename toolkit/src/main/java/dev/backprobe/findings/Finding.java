package dev.backprobe.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprobe.trace.SourceLocation;
import java.util.Map;

/**
 * One diagnosis, as {@code findings.json} spells it.
 *
 * @param rule a {@link RuleId#id() rule id}
 * @param severity how bad it is
 * @param step the first step where it was seen, or null when it is not about one step
 * @param subject the tensor ({@code pkg.Net.w2}) or method ({@code pkg.Net#dersgm}) it is about
 * @param location where in the source, or null
 * @param message what was seen, in the user's terms, with the number that shows it
 * @param hint what usually causes it and how to fix it
 * @param evidence the numbers behind it, including the threshold that was crossed and its name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String rule,
    Severity severity,
    Integer step,
    String subject,
    SourceLocation location,
    String message,
    String hint,
    Map<String, Object> evidence) {}
