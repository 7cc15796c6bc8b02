package dev.backprobe.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.tensor.UnitActivity;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

  @Test
  void should_use_a_log_scale_when_values_span_decades() {
    Axis log = Axis.fit(new double[] {2.3, 0.5, 0.001}, 0, 100, true);
    Axis linear = Axis.fit(new double[] {2.3, 0.5, 0.1}, 0, 100, true);
    Axis negative = Axis.fit(new double[] {-5, 100, 1000}, 0, 100, true);

    assertThat(log.isLog()).isTrue();
    assertThat(log.low()).isEqualTo(1e-3);
    assertThat(log.high()).isEqualTo(10);
    assertThat(log.ticks()).containsExactly(1e-3, 1e-2, 1e-1, 1.0, 10.0);
    assertThat(linear.isLog()).isFalse();
    assertThat(negative.isLog()).isFalse();
  }

  @Test
  void should_ignore_nan_and_infinity_when_fitting_an_axis() {
    Axis axis = Axis.fit(new double[] {Double.NaN, 1, 3, Double.POSITIVE_INFINITY}, 0, 100, true);

    assertThat(axis.low()).isLessThanOrEqualTo(1);
    assertThat(axis.high()).isGreaterThanOrEqualTo(3).isFinite();
    assertThat(axis.canShow(Double.NaN)).isFalse();
  }

  @Test
  void should_give_nice_linear_ticks() {
    Axis axis = Axis.linear(0, 2000, 0, 100);

    assertThat(axis.ticks()).containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0);
    assertThat(axis.position(1000)).isEqualTo(50);
  }

  @Test
  void should_keep_spikes_and_nans_when_thinning_a_long_series() {
    int n = 10_000;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i + 1;
      ys[i] = 1.0;
    }
    ys[4321] = 50;
    ys[7777] = Double.NaN;

    Series thin = new Series("loss", xs, ys).thin(300);

    assertThat(thin.size()).isLessThanOrEqualTo(310);
    assertThat(thin.ys()).contains(50.0);
    assertThat(Arrays.stream(thin.ys()).anyMatch(Double::isNaN)).isTrue();
    assertThat(thin.xs()[0]).isEqualTo(1);
    assertThat(thin.xs()[thin.size() - 1]).isEqualTo(n);
  }

  @Test
  void should_break_the_path_when_a_value_is_not_finite() {
    String d = new PathData().to(0, 0).to(1, 1).to(2, Double.NaN).to(3, 3).to(4, 4).toString();

    assertThat(d).isEqualTo("M0 0L1 1M3 3L4 4");
  }

  @Test
  void should_mark_nan_points_and_draw_the_band_when_drawing_a_line_chart() {
    StringWriter out = new StringWriter();
    LineChart chart = new LineChart("ratio", "step", "r").scale(LineChart.YScale.LOG)
        .band(1e-4, 1e-2, "healthy")
        .add(new Series("w", new double[] {1, 2, 3}, new double[] {1e-3, Double.NaN, 0}));

    chart.write(new HtmlWriter(out));

    String svg = out.toString();
    assertThat(svg).contains("class=\"band\"", "class=\"bad\"", "w, step 2: NaN", "w, step 3: 0",
        "log scale");
  }

  @Test
  void should_group_units_and_show_the_dead_one_when_a_layer_is_wide() {
    double[] active = new double[300];
    Arrays.fill(active, 0.6);
    active[123] = 0;
    List<UnitActivity> steps = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      steps.add(new UnitActivity(active, new double[300]));
    }
    int[] numbers = new int[15];
    Arrays.setAll(numbers, i -> i + 1);
    StringWriter out = new StringWriter();

    HeatMap.write(new HtmlWriter(out), "a1", numbers, steps);

    String svg = out.toString();
    // 300 units in 48 rows of 7; identical cells across the 15 steps merge into one rect per row
    assertThat(svg.split("<rect", -1)).hasSize(43 + 1);
    assertThat(svg.split("class=\"hd\"", -1)).hasSize(1 + 1);
    assertThat(svg).contains("each row: 7 units");
  }

  @Test
  void should_sample_columns_evenly_when_there_are_many_steps() {
    int[] columns = HeatMap.sampleColumns(2000);

    assertThat(columns).hasSize(HeatMap.MAX_COLUMNS);
    assertThat(columns[0]).isZero();
    assertThat(columns[columns.length - 1]).isEqualTo(1999);
  }
}
