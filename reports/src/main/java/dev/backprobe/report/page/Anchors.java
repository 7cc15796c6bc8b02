package dev.backprobe.report.page;

import dev.backprobe.findings.Finding;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.probe.ProbeResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fragment ids for everything a finding can point at. Names from a trace can hold any character,
 * so ids are short counters ({@code t3}, {@code c3-12}, {@code p1}, {@code f2}) looked up by name,
 * never built from the names themselves.
 */
public final class Anchors {

  private final Map<String, String> tensorIds = new HashMap<>();
  private final Set<String> tensorCards = new HashSet<>();
  private final Map<String, String> checkRows = new HashMap<>();
  private final Map<String, String> firstCheckRow = new HashMap<>();
  private final Map<String, String> probeIds = new HashMap<>();

  Anchors(TraceIndex index) {
    for (String name : index.tensorNames()) {
      tensorId(name);
    }
    // only rows the check table shows get an anchor, so no link points at nothing
    for (GradientCheck c : index.checks().stream().limit(GradientCheckSection.MAX_ROWS).toList()) {
      String id = "c" + tensorId(c.tensor()).substring(1) + "-" + c.step();
      checkRows.putIfAbsent(key(c.tensor(), c.step()), id);
      firstCheckRow.putIfAbsent(c.tensor(), id);
    }
    for (ProbeResult p : index.probes()) {
      if (p.method() != null) {
        probeIds.putIfAbsent(p.method(), "p" + (probeIds.size() + 1));
      }
    }
  }

  private static String key(String tensor, int step) {
    return step + "\u0000" + tensor;
  }

  /** The id of a tensor's card (assigned on first use). */
  public String tensorId(String name) {
    return tensorIds.computeIfAbsent(name, n -> "t" + (tensorIds.size() + 1));
  }

  /** Records that a tensor got a card on the page, so links to it resolve. */
  void markCard(String name) {
    tensorCards.add(name);
  }

  /** The id of the check row for a tensor at a step, or null. */
  public String checkRow(String tensor, int step) {
    return checkRows.get(key(tensor, step));
  }

  /** The id of a probed method's row, or null. */
  public String probeId(String method) {
    return probeIds.get(method);
  }

  /** The id of the i-th finding (0-based). */
  public static String findingId(int i) {
    return "f" + (i + 1);
  }

  /**
   * Where a finding's link goes: the check row of its subject at its step (for gradient findings),
   * else the tensor's card, else the first check of that tensor, else the probed method; null when
   * the page shows nothing about the subject.
   */
  public String target(Finding f) {
    String subject = f.subject();
    if (subject == null) {
      return null;
    }
    if (f.step() != null) {
      String row = checkRow(subject, f.step());
      if (row != null && isGradientRule(f.rule())) {
        return row;
      }
    }
    if (tensorCards.contains(subject)) {
      return tensorIds.get(subject);
    }
    if (firstCheckRow.containsKey(subject)) {
      return firstCheckRow.get(subject);
    }
    return probeIds.get(subject);
  }

  /** The link for a tensor name: its card, else its first check row, else null. */
  public String tensorLink(String name) {
    if (tensorCards.contains(name)) {
      return tensorIds.get(name);
    }
    return firstCheckRow.get(name);
  }

  /** The id of a tensor's card, or null when it has none. */
  public String cardLink(String name) {
    return tensorCards.contains(name) ? tensorIds.get(name) : null;
  }

  private static boolean isGradientRule(String rule) {
    return "gradient-sign".equals(rule) || "gradient-mismatch".equals(rule);
  }
}
