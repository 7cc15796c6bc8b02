package dev.backprobe.report.chart;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.tensor.UnitActivity;
import java.util.List;

/**
 * Unit activity as a heat map: one row per unit (or per group of units when there are many), one
 * column per captured step. Blue shades show how often a unit is active; dead units (never active)
 * are black, saturated ones orange. Adjacent equal cells are merged into one rectangle, which keeps
 * a 300-unit layer over 15 steps to a few kilobytes.
 */
public final class HeatMap {

  /**
   * Most rows drawn: 48 rows of 4 pixels fit beside the other charts; a wider layer is shown in
   * groups of consecutive units, each row showing its least healthy unit.
   */
  public static final int MAX_ROWS = 48;

  /** Most step columns drawn; more captured steps are sampled evenly (first and last kept). */
  public static final int MAX_COLUMNS = 40;

  /**
   * A unit counts as saturated in a cell when it sits at an asymptote for at least this share of
   * the batch: the majority of examples then get (almost) no gradient through it.
   */
  public static final double SATURATED_SHARE = 0.5;

  /** Blue shades for the active share, light (rarely active) to dark (always active). */
  private static final int ACTIVITY_LEVELS = 5;

  public static final double WIDTH = Plot.WIDTH;

  private static final double LEFT = 56;
  private static final double TOP = 8;
  private static final double BOTTOM = 30;
  private static final double RIGHT = 12;
  private static final double ROW_HEIGHT = 4;

  private HeatMap() {}

  /** Cell states in order of badness, so that grouping keeps the worst. */
  private static int state(double active, double saturated) {
    if (!(active > 0)) {
      return 0; // dead (or NaN)
    }
    if (saturated >= SATURATED_SHARE) {
      return 1;
    }
    int level = (int) Math.min(ACTIVITY_LEVELS - 1, Math.floor(active * ACTIVITY_LEVELS));
    return 2 + level;
  }

  private static String cssClass(int state) {
    return state == 0 ? "hd" : state == 1 ? "hs" : "h" + (state - 2);
  }

  /**
   * Writes the map.
   *
   * @param steps the captured steps, one per entry of {@code activity}
   * @param activity per step, the unit activity (null where the tensor was not seen)
   */
  public static void write(HtmlWriter w, String label, int[] steps, List<UnitActivity> activity) {
    int units = 0;
    for (UnitActivity a : activity) {
      if (a != null && a.activeShare() != null) {
        units = Math.max(units, a.units());
      }
    }
    int[] columns = sampleColumns(steps.length);
    int rows = Math.min(units, MAX_ROWS);
    int perRow = rows == 0 ? 1 : (units + rows - 1) / rows;
    rows = rows == 0 ? 0 : (units + perRow - 1) / perRow;
    double height = TOP + Math.max(1, rows) * ROW_HEIGHT + BOTTOM;
    Svg.open(w, WIDTH, height, label);
    double cellWidth = columns.length == 0 ? 0 : (WIDTH - LEFT - RIGHT) / columns.length;
    for (int r = 0; r < rows; r++) {
      int first = r * perRow;
      int last = Math.min(units, first + perRow);
      double y = TOP + r * ROW_HEIGHT;
      int runState = -1;
      int runStart = 0;
      for (int c = 0; c <= columns.length; c++) {
        int s = c < columns.length ? worst(activity.get(columns[c]), first, last) : -2;
        if (s != runState) {
          if (runState >= 0) {
            Svg.rect(w, LEFT + runStart * cellWidth, y, (c - runStart) * cellWidth, ROW_HEIGHT,
                cssClass(runState));
          }
          runState = s;
          runStart = c;
        }
      }
    }
    double bottom = TOP + rows * ROW_HEIGHT;
    Svg.text(w, LEFT - 6, TOP + 8, "end", "tl", "unit 0");
    if (units > 1) {
      Svg.text(w, LEFT - 6, bottom, "end", "tl", String.valueOf(units - 1));
    }
    for (int c = 0; c < columns.length; c++) {
      if (c == 0 || c == columns.length - 1 || columns.length <= 20 || c % 5 == 0) {
        Svg.text(w, LEFT + (c + 0.5) * cellWidth, bottom + 14, "middle", "tl",
            String.valueOf(steps[columns[c]]));
      }
    }
    Svg.text(w, WIDTH - RIGHT, height - 3, "end", "at",
        perRow > 1 ? "step (each row: " + perRow + " units, least healthy shown)" : "step");
    w.close();
  }

  /** The worst state among units [first, last) at one step; -1 when the step has no data. */
  private static int worst(UnitActivity a, int first, int last) {
    if (a == null || a.activeShare() == null) {
      return -1;
    }
    int worst = Integer.MAX_VALUE;
    for (int u = first; u < last && u < a.units(); u++) {
      double saturated = a.saturatedShare() != null && u < a.saturatedShare().length
          ? a.saturatedShare()[u] : 0;
      worst = Math.min(worst, state(a.activeShare()[u], saturated));
    }
    return worst == Integer.MAX_VALUE ? -1 : worst;
  }

  /** Indices of the steps to draw: all of them, or {@link #MAX_COLUMNS} spread evenly. */
  static int[] sampleColumns(int n) {
    int k = Math.min(n, MAX_COLUMNS);
    int[] picked = new int[k];
    for (int i = 0; i < k; i++) {
      picked[i] = k == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (k - 1));
    }
    return picked;
  }

  /** Whether a unit is dead (never active) at one step. */
  public static boolean isDead(UnitActivity a, int unit) {
    return !(a.activeShare()[unit] > 0);
  }

  /** Whether a unit is saturated at one step (see {@link #SATURATED_SHARE}). */
  public static boolean isSaturated(UnitActivity a, int unit) {
    return a.saturatedShare() != null && unit < a.saturatedShare().length
        && a.saturatedShare()[unit] >= SATURATED_SHARE;
  }
}
