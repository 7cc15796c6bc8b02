package dev.backprobe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelInspectorTest {

  private final ModelInspector inspector = new ModelInspector();

  static class MatrixNet {
    double[][] w1 = new double[3][4];
    double[] b1 = new double[3];
    double[][] w2 = new double[2][3];
    double[] b2 = new double[2];
    int epoch;
    double learningRate = 0.1;
    String name = "net";
  }

  static class FloatNet {
    float[][] weights = new float[5][2];
    float[] bias = new float[5];
  }

  /** Every layer's weights in one flat array. */
  static class FlatNet {
    double[] parameters = new double[17];
  }

  static class Matrix {
    final int rows;
    final int cols;
    final double[] data;

    Matrix(int rows, int cols) {
      this.rows = rows;
      this.cols = cols;
      this.data = new double[rows * cols];
    }
  }

  static class MatrixObjectNet {
    Matrix w1 = new Matrix(4, 3);
    Matrix b1 = new Matrix(4, 1);
  }

  static class Layer {
    double[][] weights;
    double[] biases;
    double[] lastOutput; // a cache the forward pass fills
    Layer next; // a back-and-forth link: cycles must end

    Layer(int in, int out) {
      weights = new double[out][in];
      biases = new double[out];
    }
  }

  static class LayeredNet {
    List<Layer> layers = new ArrayList<>();
    Random rng = new Random(1);

    LayeredNet() {
      layers.add(new Layer(4, 3));
      layers.add(new Layer(3, 2));
      layers.get(0).next = layers.get(1);
      layers.get(1).next = layers.get(0);
    }
  }

  static class Block {
    Layer[] layers = {new Layer(2, 2), new Layer(2, 1)};
  }

  static class DeepNet {
    Block[][] blocks = {{new Block()}, {new Block()}};
  }

  static class RaggedNet {
    double[][][] weights = {new double[3][4], new double[2][3]};
    double[][] biases = {new double[3], new double[2]};
  }

  static class SelfLoop {
    SelfLoop self = this;
    double[] w = {1, 2};
  }

  static class StaticNet {
    static double[][] weights = new double[2][2];
    static final double[] BIAS = new double[2];
    static final int SIZE = 2;
  }

  static class MapNet {
    Map<String, double[]> params = new LinkedHashMap<>();

    MapNet() {
      params.put("w", new double[6]);
    }
  }

  @Test
  void should_find_double_matrices_and_vectors_in_declaration_order() {
    List<DiscoveredTensor> tensors = inspector.parameters(new MatrixNet());

    assertThat(tensors)
        .extracting(DiscoveredTensor::path)
        .containsExactly("w1", "b1", "w2", "b2");
    DiscoveredTensor w1 = tensors.get(0);
    assertThat(w1.name()).isEqualTo(MatrixNet.class.getName() + ".w1");
    assertThat(w1.shape()).containsExactly(3, 4);
    assertThat(w1.storage()).isEqualTo("double[][]");
    assertThat(w1.field().getName()).isEqualTo("w1");
    assertThat(tensors.get(1).shape()).containsExactly(3);
  }

  @Test
  void should_give_live_views_over_the_trainers_arrays() {
    MatrixNet net = new MatrixNet();
    DiscoveredTensor w2 = inspector.parameters(net).get(2);

    w2.view().set(4, 7.5); // row 1, column 1 of a 2x3 matrix

    assertThat(net.w2[1][1]).isEqualTo(7.5);
    assertThat(w2.owner()).isSameAs(net);
  }

  @Test
  void should_find_float_storage() {
    List<DiscoveredTensor> tensors = inspector.parameters(new FloatNet());

    assertThat(tensors).extracting(DiscoveredTensor::path).containsExactly("weights", "bias");
    assertThat(tensors.get(0).singlePrecision()).isTrue();
    assertThat(tensors.get(0).storage()).isEqualTo("float[][]");
    assertThat(tensors.get(0).shape()).containsExactly(5, 2);
  }

  @Test
  void should_find_one_flat_array() {
    List<DiscoveredTensor> tensors = inspector.parameters(new FlatNet());

    assertThat(tensors).singleElement().satisfies(t -> {
      assertThat(t.path()).isEqualTo("parameters");
      assertThat(t.shape()).containsExactly(17);
    });
  }

  @Test
  void should_name_a_matrix_object_after_its_field_and_shape_it_by_its_int_fields() {
    MatrixObjectNet net = new MatrixObjectNet();
    List<DiscoveredTensor> tensors = inspector.parameters(net);

    assertThat(tensors).extracting(DiscoveredTensor::path).containsExactly("w1", "b1");
    DiscoveredTensor w1 = tensors.get(0);
    assertThat(w1.shape()).containsExactly(4, 3);
    assertThat(w1.storage()).isEqualTo(Matrix.class.getName());
    assertThat(w1.field().getName()).isEqualTo("w1");
    w1.view().set(5, 2.0);
    assertThat(net.w1.data[5]).isEqualTo(2.0);
  }

  @Test
  void should_walk_a_list_of_layer_objects_and_stop_at_cycles() {
    LayeredNet net = new LayeredNet();
    net.layers.get(0).lastOutput = new double[3];

    List<DiscoveredTensor> tensors = inspector.parameters(net);

    assertThat(tensors)
        .extracting(DiscoveredTensor::path)
        .containsExactly(
            "layers[0].weights",
            "layers[0].biases",
            "layers[0].lastOutput",
            "layers[0].next.weights",
            "layers[0].next.biases");
    assertThat(tensors.get(0).owner()).isSameAs(net.layers.get(0));
    assertThat(tensors.get(3).view().target()).isSameAs(net.layers.get(1).weights);
  }

  @Test
  void should_walk_nested_arrays_of_layer_objects() {
    List<DiscoveredTensor> tensors = inspector.parameters(new DeepNet());

    assertThat(tensors)
        .extracting(DiscoveredTensor::path)
        .contains("blocks[0][0].layers[0].weights", "blocks[1][0].layers[1].biases")
        .hasSize(8);
  }

  @Test
  void should_split_ragged_arrays_into_their_rows() {
    List<DiscoveredTensor> tensors = inspector.parameters(new RaggedNet());

    assertThat(tensors)
        .extracting(DiscoveredTensor::path)
        .containsExactly("weights[0]", "weights[1]", "biases[0]", "biases[1]");
    assertThat(tensors.get(1).shape()).containsExactly(2, 3);
    assertThat(tensors.get(3).shape()).containsExactly(2);
  }

  @Test
  void should_visit_an_object_that_refers_to_itself_once() {
    assertThat(inspector.parameters(new SelfLoop()))
        .extracting(DiscoveredTensor::path)
        .containsExactly("w");
  }

  @Test
  void should_find_static_fields_when_given_a_class() {
    List<DiscoveredTensor> tensors = inspector.parameters(StaticNet.class);

    assertThat(tensors)
        .extracting(DiscoveredTensor::name)
        .containsExactly(StaticNet.class.getName() + ".weights", StaticNet.class.getName() + ".BIAS");
    assertThat(tensors.get(0).owner()).isNull();
  }

  @Test
  void should_name_map_values_by_their_key() {
    assertThat(inspector.parameters(new MapNet()))
        .extracting(DiscoveredTensor::path)
        .containsExactly("params[w]");
  }

  @Test
  void should_stop_at_the_depth_limit_and_say_so() {
    ModelInspector shallow = new ModelInspector(2);
    ObjectGraph graph = shallow.walk(List.of(new DeepNet()));

    assertThat(ModelInspector.tensorsOf(graph)).isEmpty();
    assertThat(graph.limitations()).anySatisfy(l -> assertThat(l).contains("deeper than 2"));
  }

  @Test
  void should_match_user_names_against_full_names() {
    DiscoveredTensor w2 = inspector.parameters(new MatrixNet()).get(2);

    assertThat(w2.isNamed("w2")).isTrue();
    assertThat(w2.isNamed("MatrixNet.w2")).isTrue();
    assertThat(w2.isNamed(w2.name())).isTrue();
    assertThat(w2.isNamed("2")).isFalse();
    assertThat(w2.isNamed("b2")).isFalse();
  }

  @Test
  void should_reject_a_null_model_with_a_clear_message() {
    assertThatThrownBy(() -> inspector.parameters(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model is null");
  }

  @Test
  void should_tell_which_tensors_a_step_changed() {
    MatrixNet net = new MatrixNet();
    ModelState before = ModelState.capture(net);
    net.w2[0][1] -= 0.5;
    net.b1 = new double[] {0, 0, 1}; // reassigned to a new array
    ModelState after = ModelState.capture(net);

    List<DiscoveredTensor> changed = ModelInspector.changedBetween(before, after);

    assertThat(changed).extracting(DiscoveredTensor::path).containsExactly("b1", "w2");
    assertThat(changed.get(0).view().target()).isSameAs(before.tensor("b1").orElseThrow()
        .view().target());
  }
}
