package dev.backprobe.findings;

/** The stable rule ids of DESIGN.md: new ones may be added, none is ever renamed. */
public enum RuleId {
  GRADIENT_SIGN("gradient-sign"),
  GRADIENT_MISMATCH("gradient-mismatch"),
  DERIVATIVE_MISMATCH("derivative-mismatch"),
  SATURATION("saturation"),
  DEAD_RELU("dead-relu"),
  EXPLODING_WEIGHTS("exploding-weights"),
  VANISHING_GRADIENT("vanishing-gradient"),
  TINY_UPDATE("tiny-update"),
  SOFTMAX_SHAPE("softmax-shape"),
  LOSS_DIVERGENCE("loss-divergence"),
  NAN_INF("nan-inf"),
  OUTPUT_ACTIVATION("output-activation");

  private final String id;

  RuleId(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The rule with this id, or {@code null} when there is none. */
  public static RuleId fromId(String id) {
    for (RuleId rule : values()) {
      if (rule.id.equals(id)) {
        return rule;
      }
    }
    return null;
  }
}
