package dev.backprobe.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.tensor.TensorView;
import org.junit.jupiter.api.Test;

class MatrixObjectTest {

  /** Named nothing like a matrix, with its dimensions after a counter: found by its field types. */
  static final class Grid {
    final String label = "g";
    final int height;
    final int width;
    final double[] cells;

    Grid(int height, int width) {
      this.height = height;
      this.width = width;
      this.cells = new double[height * width];
    }
  }

  static final class Shaped {
    int[] dims;
    float[] values;
  }

  static final class Nested {
    int rows;
    int cols;
    double[][] m;
  }

  static final class Vector {
    double[] v;
  }

  record Mat(int rows, int cols, double[] data) {
    Mat {
      if (data.length != rows * cols) {
        throw new IllegalArgumentException("shape");
      }
    }
  }

  static final class Layer {
    double[] weights = {1};
    double[] bias = {2};
  }

  @Test
  void should_shape_a_flat_array_by_the_first_int_pair_whatever_the_names() {
    Grid grid = new Grid(2, 3);

    MatrixObject matrix = MatrixObject.recognise(grid);

    assertThat(matrix).isNotNull();
    assertThat(matrix.view().shape()).containsExactly(2, 3);
    assertThat(matrix.shaped()).isTrue();
  }

  @Test
  void should_not_take_an_object_with_two_arrays_or_a_null_array_for_a_matrix() {
    Vector empty = new Vector();

    assertThat(MatrixObject.recognise(new Layer())).isNull();
    assertThat(MatrixObject.recognise(empty)).isNull();
    assertThat(MatrixObject.recognise(new double[] {1, 2})).isNull();
    assertThat(MatrixObject.recognise("text")).isNull();
  }

  @Test
  void should_make_a_new_object_of_another_shape_and_leave_the_original_alone() {
    Grid grid = new Grid(2, 3);
    grid.cells[0] = 42;

    Object made =
        MatrixObject.recognise(grid).withValues(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});

    assertThat(made).isInstanceOf(Grid.class).isNotSameAs(grid);
    Grid copy = (Grid) made;
    assertThat(copy.height).isEqualTo(4);
    assertThat(copy.width).isEqualTo(2);
    assertThat(copy.cells).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(copy.cells).isNotSameAs(grid.cells);
    assertThat(copy.label).isEqualTo("g");
    assertThat(grid.height).isEqualTo(2);
    assertThat(grid.cells[0]).isEqualTo(42);
  }

  @Test
  void should_write_the_new_shape_into_an_int_array_field_and_keep_float_storage() {
    Shaped s = new Shaped();
    s.dims = new int[] {1, 2};
    s.values = new float[] {1, 2};

    Shaped made =
        (Shaped) MatrixObject.recognise(s).withValues(new double[][] {{0.5}, {1.5}, {2.5}});

    assertThat(made.dims).containsExactly(3, 1);
    assertThat(made.values).containsExactly(0.5f, 1.5f, 2.5f);
    assertThat(s.dims).containsExactly(1, 2);
  }

  @Test
  void should_update_the_int_fields_that_hold_the_dimensions_of_a_two_dimensional_array() {
    Nested n = new Nested();
    n.rows = 1;
    n.cols = 2;
    n.m = new double[][] {{1, 2}};

    Nested made =
        (Nested) MatrixObject.recognise(n).withValues(new double[][] {{1, 2, 3}, {4, 5, 6}});

    assertThat(made.rows).isEqualTo(2);
    assertThat(made.cols).isEqualTo(3);
    TensorView view = MatrixObject.recognise(made).view();
    assertThat(view.shape()).containsExactly(2, 3);
    assertThat(made.m).isNotSameAs(n.m);
  }

  @Test
  void should_give_a_shapeless_vector_every_value() {
    Vector v = new Vector();
    v.v = new double[] {9};

    MatrixObject matrix = MatrixObject.recognise(v);
    Vector made = (Vector) matrix.withValues(new double[][] {{1, 2, 3}});

    assertThat(matrix.shaped()).isFalse();
    assertThat(made.v).containsExactly(1, 2, 3);
  }

  @Test
  void should_make_a_record_through_its_canonical_constructor() {
    Mat m = new Mat(1, 2, new double[] {1, 2});

    Mat made = (Mat) MatrixObject.recognise(m).withValues(new double[][] {{1}, {2}, {3}});

    assertThat(made.rows()).isEqualTo(3);
    assertThat(made.cols()).isEqualTo(1);
    assertThat(made.data()).containsExactly(1, 2, 3);
    assertThat(m.data()).containsExactly(1, 2);
  }

  @Test
  void should_make_nothing_from_a_ragged_or_empty_matrix() {
    MatrixObject matrix = MatrixObject.recognise(new Grid(1, 2));

    assertThat(matrix.withValues(new double[][] {{1, 2}, {3}})).isNull();
    assertThat(matrix.withValues(new double[0][])).isNull();
  }
}
