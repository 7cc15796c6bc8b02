package dev.backprobe.samples.seed001;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.UpdateDirection;
import dev.backprobe.samples.data.SampleArgs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed001DirectionTest {
  /** A subset keeps the per-coordinate check of weights2 (160 values) cheap. */
  static final int EXAMPLES = 300;

  @Test
  void should_point_downhill_with_a_huge_step_when_posted_and_uphill_with_the_answer() {
    Digits all = Digits.loadOrExit(new SampleArgs(null), "test");
    double[][] x = Arrays.copyOf(all.inputs(), EXAMPLES);
    double[][] y = Arrays.copyOf(all.outputs(), EXAMPLES);
    DigitNetwork posted = new DigitNetwork(784, 16, 10, Seed001Posted.SEED);
    double w2Norm = norm(posted.weights2);
    double[][] w2Before = copy(posted.weights2);
    List<Double> postedCos =
        UpdateDirection.cosines(
            List.<double[][]>of(posted.weights2), () -> posted.loss(x, y), () -> posted.train(x, y));
    double ratio = norm(minus(posted.weights2, w2Before)) / w2Norm;
    AnswerDigitNetwork answer = new AnswerDigitNetwork(784, 16, 10, Seed001Posted.SEED);
    List<Double> answerCos =
        UpdateDirection.cosines(
            List.<double[][]>of(answer.weights2), () -> answer.loss(x, y), () -> answer.train(x, y));
    System.out.println(
        "seed001 weights2 on " + EXAMPLES + " examples: posted cos " + postedCos
            + " |dW2|/|W2| " + ratio + ", answer cos " + answerCos);
    assertThat(postedCos.get(0)).isGreaterThan(0.99);
    assertThat(ratio).isGreaterThan(1);
    assertThat(answerCos.get(0)).isLessThan(-0.99);
  }

  private static double norm(double[][] m) {
    double s = 0;
    for (double[] r : m) {
      for (double v : r) {
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  private static double[][] minus(double[][] a, double[][] b) {
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = a[i][j] - b[i][j];
      }
    }
    return c;
  }
}
