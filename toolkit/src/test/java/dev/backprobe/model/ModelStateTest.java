package dev.backprobe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelStateTest {

  static class Layer {
    double[][] weights;
    float[] biases;
    Random dropout = new Random(7);

    Layer(Random init, int in, int out) {
      weights = new double[out][in];
      biases = new float[out];
      for (double[] row : weights) {
        for (int i = 0; i < row.length; i++) {
          row[i] = init.nextGaussian();
        }
      }
    }
  }

  static class Net {
    final Random rng = new Random(42);
    List<Layer> layers = new ArrayList<>();
    Map<String, double[]> cache = new HashMap<>();
    double[] flat = {1.5, -0.0, Double.longBitsToDouble(0x7ff8000000000abcL)};
    int step;
    double lastLoss = Double.NaN;
    boolean trained;

    Net() {
      layers.add(new Layer(rng, 4, 3));
      layers.add(new Layer(rng, 3, 2));
    }

    /** Mutates everything the way real trainers do: in place, by reassignment, and randomly. */
    void step() {
      step++;
      trained = true;
      lastLoss = rng.nextGaussian(); // leaves a Gaussian held back in rng
      for (Layer layer : layers) {
        layer.weights[0][0] -= 0.1;
        layer.weights[1] = new double[layer.weights[1].length]; // a row reassigned
        layer.biases = new float[] {1, 2, 3}; // a field reassigned
        layer.dropout.nextInt();
      }
      layers.add(new Layer(rng, 2, 2));
      cache.put("x", new double[] {3});
      flat[1] = 0.0;
    }
  }

  @Test
  void should_restore_every_value_bitwise_including_reassigned_fields_and_random_streams() {
    // GIVEN a net one step in, and its state
    Net net = new Net();
    net.rng.nextGaussian(); // a Gaussian is held back at capture time
    Layer first = net.layers.get(0);
    double[][] firstWeights = first.weights;
    double[] firstRow1 = first.weights[1];
    float[] firstBiases = first.biases;
    double[] expectedRow1 = firstRow1.clone();
    long expectedFlat1 = Double.doubleToRawLongBits(net.flat[1]);
    ModelState state = ModelState.capture(net);
    Net twin = copyOfStreams(net);

    // WHEN the net steps and is restored
    net.step();
    state.restore();

    // THEN every field points at the old objects, which hold the old values
    assertThat(net.step).isZero();
    assertThat(net.trained).isFalse();
    assertThat(net.lastLoss).isNaN();
    assertThat(net.layers).hasSize(2).first().isSameAs(first);
    assertThat(net.cache).isEmpty();
    assertThat(first.weights).isSameAs(firstWeights);
    assertThat(first.weights[1]).isSameAs(firstRow1).containsExactly(expectedRow1);
    assertThat(first.biases).isSameAs(firstBiases).containsExactly(0f, 0f, 0f);
    assertThat(Double.doubleToRawLongBits(net.flat[1])).isEqualTo(expectedFlat1);
    assertThat(Double.doubleToRawLongBits(net.flat[2])).isEqualTo(0x7ff8000000000abcL);
    // and the generators produce the same streams as untouched twins
    assertThat(net.rng.nextGaussian()).isEqualTo(twin.rng.nextGaussian());
    assertThat(net.rng.nextLong()).isEqualTo(twin.rng.nextLong());
    assertThat(first.dropout.nextInt()).isEqualTo(twin.layers.get(0).dropout.nextInt());
  }

  @Test
  void should_restore_exactly_again_after_further_changes() {
    Net net = new Net();
    ModelState state = ModelState.capture(net);
    double w00 = net.layers.get(0).weights[0][0];

    net.step();
    state.restore();
    net.step();
    net.step();
    state.restore();

    assertThat(net.layers).hasSize(2);
    assertThat(net.layers.get(0).weights[0][0]).isEqualTo(w00);
    assertThat(net.step).isZero();
  }

  @Test
  void should_restore_a_held_back_gaussian_without_reflection_into_java_util() {
    // GIVEN a generator whose last call left a Gaussian held back
    Random random = new Random(3);
    random.nextGaussian();
    RandomSnapshot snapshot = RandomSnapshot.capture(random);
    Random twin = new Random(3);
    twin.nextGaussian();

    // WHEN it moves on and is restored
    random.nextGaussian();
    random.nextDouble();
    snapshot.restore(random);

    // THEN it continues exactly like its twin, the held-back value first
    assertThat(snapshot.limitation()).isNull();
    assertThat(snapshot.haveNextNextGaussian()).isTrue();
    assertThat(random.nextGaussian()).isEqualTo(twin.nextGaussian());
    assertThat(random.nextGaussian()).isEqualTo(twin.nextGaussian());
    assertThat(random.nextLong()).isEqualTo(twin.nextLong());
  }

  @Test
  void should_say_so_when_a_held_back_gaussian_cannot_be_recreated() {
    // GIVEN a Gaussian held back and then another draw: without java.util opened it is lost
    Random random = new Random(5);
    random.nextGaussian();
    random.nextInt();
    RandomSnapshot snapshot = RandomSnapshot.capture(random);
    Random twin = new Random(5);
    twin.nextGaussian();
    twin.nextInt();

    random.nextLong();
    snapshot.restore(random);

    if (RandomSnapshot.directAccess()) {
      assertThat(snapshot.limitation()).isNull();
      assertThat(random.nextGaussian()).isEqualTo(twin.nextGaussian());
    } else {
      assertThat(snapshot.limitation()).contains("held back a Gaussian");
      // the seed itself is still exact
      twin.nextGaussian(); // the twin returns its held-back value; the restored one cannot
      assertThat(random.nextLong()).isEqualTo(twin.nextLong());
    }
  }

  @Test
  void should_diff_two_states_per_tensor() {
    Net net = new Net();
    ModelState before = ModelState.capture(net);
    double[] oldRow1 = net.layers.get(0).weights[1].clone();
    net.step();
    ModelState after = ModelState.capture(net);

    List<TensorDelta> deltas = before.diff(after);

    TensorDelta weights0 =
        deltas.stream().filter(d -> d.tensor().isNamed("layers[0].weights")).findFirst()
            .orElseThrow();
    assertThat(weights0.changed()).isTrue();
    assertThat(weights0.delta()[0]).isCloseTo(-0.1, within(1e-12));
    assertThat(weights0.delta()[4]).isEqualTo(-oldRow1[0]);
    assertThat(deltas).extracting(TensorDelta::name)
        .noneMatch(name -> name.contains("layers[2]")); // exists only after the step
    TensorDelta flat =
        deltas.stream().filter(d -> d.tensor().isNamed("flat")).findFirst().orElseThrow();
    assertThat(flat.changed()).as("-0.0 became 0.0: a bitwise change").isTrue();
  }

  @Test
  void should_report_jdk_objects_it_keeps_by_reference_only() {
    class Holder {
      StringBuilder log = new StringBuilder();
      double[] w = {1};
    }

    ModelState state = ModelState.capture(new Holder());

    assertThat(state.limitations())
        .anySatisfy(l -> assertThat(l).contains(".log (java.lang.StringBuilder)"));
  }

  /** Twins of the net's generators, advanced exactly like the originals so far. */
  private static Net copyOfStreams(Net net) {
    Net twin = new Net();
    twin.rng.nextGaussian();
    return twin;
  }
}
