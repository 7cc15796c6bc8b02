package dev.backprobe.report.chart;

/**
 * Series colours: the Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies and in greyscale print; the CSS defines {@code .s0}…{@code .s7} from it.
 */
public final class Palette {

  public static final String[] COLOURS = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"
  };

  private Palette() {}

  /** The CSS class of the i-th series' line ({@code s0}…). */
  public static String seriesClass(int i) {
    return "s" + (i % COLOURS.length);
  }
}
