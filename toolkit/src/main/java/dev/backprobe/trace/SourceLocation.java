package dev.backprobe.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A place in the trainer's source, as {@code findings.json} spells it: {@code {"class": …,
 * "method": …, "file": …, "line": …}}. Any part may be unknown ({@code null}, or line 0 when the
 * class has no line numbers).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceLocation(
    @JsonProperty("class") String className,
    @JsonProperty("method") String method,
    @JsonProperty("file") String file,
    @JsonProperty("line") int line) {

  /** {@code Net.java:42}, or the class and method when the file or line is unknown. */
  public String shortForm() {
    if (file != null && line > 0) {
      return file + ":" + line;
    }
    String simple = className == null ? "?" : className;
    return method == null ? simple : simple + "#" + method;
  }
}
