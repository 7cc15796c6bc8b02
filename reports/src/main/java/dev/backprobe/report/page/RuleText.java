package dev.backprobe.report.page;

import java.util.Map;

/** A short title for each rule id (DESIGN.md, "Rules"), shown next to the id on the page. */
public final class RuleText {

  private static final Map<String, String> TITLES =
      Map.ofEntries(
          Map.entry("gradient-sign", "the update moves a parameter uphill"),
          Map.entry("gradient-mismatch", "the update disagrees with the numeric gradient"),
          Map.entry("derivative-mismatch", "an activation derivative is wrong or fed the wrong value"),
          Map.entry("saturation", "sigmoid/tanh units pinned at their asymptotes"),
          Map.entry("dead-relu", "ReLU units that output 0 for every example"),
          Map.entry("exploding-weights", "weights or updates grow without bound"),
          Map.entry("vanishing-gradient", "early layers receive almost no update"),
          Map.entry("tiny-update", "every update is far too small to learn"),
          Map.entry("softmax-shape", "softmax normalised over the wrong axis"),
          Map.entry("loss-divergence", "the loss rises or becomes non-finite"),
          Map.entry("nan-inf", "a NaN or infinity appears"),
          Map.entry("output-activation", "the output activation cannot serve the loss"));

  private RuleText() {}

  /** The rule's title, or null for an id this version does not know. */
  public static String title(String rule) {
    return rule == null ? null : TITLES.get(rule);
  }
}
