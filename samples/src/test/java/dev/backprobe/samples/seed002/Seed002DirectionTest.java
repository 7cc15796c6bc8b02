package dev.backprobe.samples.seed002;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.UpdateDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed002DirectionTest {
  @Test
  void should_climb_in_the_hidden_layer_when_posted() {
    double[][] x = Disc.inputs();
    double[][] y = Disc.targets();
    NeuralNetwork posted = new NeuralNetwork(Seed002Posted.SHAPE, Seed002Posted.SEED);
    List<Double> postedCos =
        UpdateDirection.cosines(
            posted.weights, () -> posted.loss(x, y), () -> posted.backpropogate(x, y, 0.1));
    FixedNeuralNetwork fixed = new FixedNeuralNetwork(Seed002Posted.SHAPE, Seed002Posted.SEED);
    List<Double> fixedCos =
        UpdateDirection.cosines(
            fixed.weights, () -> fixed.loss(x, y), () -> fixed.backpropogate(x, y, 0.1));
    System.out.println("seed002 cos(dW, -grad) hidden, output: posted " + postedCos + " fixed " + fixedCos);
    assertThat(postedCos.get(0)).as("hidden").isLessThan(0);
    assertThat(postedCos.get(1)).as("output: the two sign errors cancel").isGreaterThan(0.5);
    assertThat(fixedCos).allSatisfy(c -> assertThat(c).isGreaterThan(0.999));
  }
}
