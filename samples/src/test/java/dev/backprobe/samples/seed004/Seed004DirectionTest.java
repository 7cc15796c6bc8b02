package dev.backprobe.samples.seed004;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.UpdateDirection;
import dev.backprobe.samples.data.SampleArgs;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed004DirectionTest {
  @Test
  void should_update_biases_off_the_gradient_and_rows_should_not_sum_to_one_when_posted() {
    MnistBatches data = MnistBatches.loadOrExit(new SampleArgs(null), "test");
    double[][] x = data.batchX(0, Seed004Posted.BATCH);
    double[][] y = data.batchY(0, Seed004Posted.BATCH);
    // Measured against the cross-entropy with a softmax per row (the loss the asker meant).
    FixedMlp reference = new FixedMlp(784, 300, 75, 10, Seed004Posted.LEARNING_RATE, Seed004Posted.SEED);
    Mlp posted = new Mlp(784, 300, 75, 10, Seed004Posted.LEARNING_RATE, Seed004Posted.SEED);
    List<double[][]> tensors =
        List.of(
            posted.weightsH2ToO,
            new double[][] {posted.biasIToH1},
            new double[][] {posted.biasH1ToH2},
            new double[][] {posted.biasH2ToO});
    // Perturb the posted network's tensors, evaluate the correct loss with them.
    List<Double> cos =
        UpdateDirection.cosines(
            tensors,
            () -> {
              copyInto(posted, reference);
              return reference.loss(x, y);
            },
            () -> posted.train(x, y));
    double rowSum = 0;
    for (double p : posted.run(x)[0]) {
      rowSum += p;
    }
    System.out.println(
        "seed004 posted cos(d, -grad CE) weightsH2ToO, biasIToH1, biasH1ToH2, biasH2ToO: " + cos
            + "; run() row 0 sums to " + rowSum + " for a batch of " + x.length);
    assertThat(cos.get(0)).isGreaterThan(0.8);
    assertThat(rowSum).isLessThan(0.5);
  }

  private static void copyInto(Mlp from, FixedMlp to) {
    for (int i = 0; i < from.weightsIToH1.length; i++) {
      System.arraycopy(from.weightsIToH1[i], 0, to.weightsIToH1[i], 0, from.weightsIToH1[i].length);
    }
    for (int i = 0; i < from.weightsH1ToH2.length; i++) {
      System.arraycopy(from.weightsH1ToH2[i], 0, to.weightsH1ToH2[i], 0, from.weightsH1ToH2[i].length);
    }
    for (int i = 0; i < from.weightsH2ToO.length; i++) {
      System.arraycopy(from.weightsH2ToO[i], 0, to.weightsH2ToO[i], 0, from.weightsH2ToO[i].length);
    }
    System.arraycopy(from.biasIToH1, 0, to.biasIToH1, 0, from.biasIToH1.length);
    System.arraycopy(from.biasH1ToH2, 0, to.biasH1ToH2, 0, from.biasH1ToH2.length);
    System.arraycopy(from.biasH2ToO, 0, to.biasH2ToO, 0, from.biasH2ToO.length);
  }
}
