package dev.backprobe.findings;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a finding is; written in lower case in {@code findings.json}. */
public enum Severity {
  /** The training code is wrong: it cannot learn as written. */
  ERROR,
  /** Training is unhealthy and will likely fail or be slow. */
  WARNING,
  /** Worth knowing; not a defect by itself. */
  INFO;

  @JsonValue
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
