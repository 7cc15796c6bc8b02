package dev.backprobe.report.page;

import dev.backprobe.gradcheck.CheckVerdict;
import dev.backprobe.gradcheck.GradientCheck;
import dev.backprobe.report.html.HtmlWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The gradient checks: per tensor and step, how the update (or analytic gradient) compares with the
 * numeric gradient of the loss, and which checks said nothing because of kinks or the noise floor.
 */
final class GradientCheckSection {

  /** Rows shown at most (a run with capture=all could have thousands); the first ones matter most. */
  static final int MAX_ROWS = 400;

  private GradientCheckSection() {}

  static void write(HtmlWriter w, ReportContext ctx) {
    Fragments.openSection(w, "checks", "Gradient checks");
    List<GradientCheck> checks = ctx.index().checks();
    if (checks.isEmpty()) {
      Fragments.missing(w, "No gradient checks were made (no loss method, or no captured step).");
      w.close();
      return;
    }
    w.element("p", "caption",
        "cos: cosine of the update with −∇L (1 is a perfect descent direction, negative climbs); "
            + "rel. error: distance from the best-scaled −η·∇L; η eff.: the learning rate the "
            + "update amounts to. Kink and noise counts are coordinates or directions left out.");
    w.open("div", "scroll");
    w.open("table", "checks");
    w.open("thead").open("tr");
    for (String h : new String[] {"step", "tensor", "mode", "cos", "rel. error", "η eff.",
        "‖∇L‖", "‖Δθ‖", "noise floor", "kinks", "below noise", "verdict"}) {
      w.element("th", h);
    }
    w.close().close();
    w.open("tbody");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < checks.size() && i < MAX_ROWS; i++) {
      row(w, ctx, checks.get(i), ids);
    }
    w.close();
    w.close();
    w.close();
    if (checks.size() > MAX_ROWS) {
      Fragments.missing(w, (checks.size() - MAX_ROWS) + " more checks are not shown.");
    }
    w.close();
  }

  private static void row(HtmlWriter w, ReportContext ctx, GradientCheck c, Set<String> ids) {
    String id = ctx.anchors().checkRow(c.tensor(), c.step());
    // two checks of one tensor at one step (update and gradient) share an anchor: first one wins
    w.open("tr", verdictClass(c.verdict())).attr("id", id != null && ids.add(id) ? id : null);
    w.element("td", "num", String.valueOf(c.step()));
    w.open("td");
    Fragments.link(w, ctx.anchors().cardLink(c.tensor()), c.tensor());
    w.close();
    w.element("td", mode(c));
    w.element("td", "num", Format.number(c.cosine()));
    w.element("td", "num", Format.number(c.relativeError()));
    w.element("td", "num", Format.number(c.effectiveLearningRate()));
    w.element("td", "num", Format.number(c.gradientNorm()));
    w.element("td", "num", Format.number(c.updateNorm()));
    w.element("td", "num", Format.number(c.noiseFloor()));
    w.element("td", "num", String.valueOf(c.kinkCrossings()));
    w.element("td", "num", String.valueOf(c.belowNoiseFloor()));
    w.element("td", "verdict", verdict(c.verdict()));
    w.close();
  }

  private static String mode(GradientCheck c) {
    String subject = c.subject() == null ? "" : c.subject().name().toLowerCase(Locale.ROOT);
    String mode = c.mode() == null ? "" : c.mode().name().toLowerCase(Locale.ROOT);
    return subject + (mode.isEmpty() ? "" : ", " + mode);
  }

  static String verdict(CheckVerdict v) {
    if (v == null) {
      return "–";
    }
    return switch (v) {
      case AGREES -> "agrees";
      case CLIMBS -> "climbs";
      case MISMATCH -> "mismatch";
      case BELOW_NOISE_FLOOR -> "skipped: noise floor";
      case KINK -> "skipped: kinks";
      case NO_UPDATE -> "no update";
      case NOT_CHECKED -> "not checked";
    };
  }

  private static String verdictClass(CheckVerdict v) {
    if (v == null) {
      return "v-skip";
    }
    return switch (v) {
      case AGREES -> "v-ok";
      case CLIMBS -> "v-err";
      case MISMATCH -> "v-warn";
      default -> "v-skip";
    };
  }
}
