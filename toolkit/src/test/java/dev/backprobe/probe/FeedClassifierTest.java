package dev.backprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FeedClassifierTest {

  private static final double[] Z = {-2.5, -1.0, -0.3, 0.4, 1.7, 3.2};

  private static double[] sigmoid(double[] z) {
    double[] a = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      a[i] = 1 / (1 + Math.exp(-z[i]));
    }
    return a;
  }

  @Nested
  class Arrays {

    @Test
    void should_say_output_when_called_with_the_array_the_activation_returned() {
      double[] z = Z.clone();
      double[] a = sigmoid(z);

      FeedClassification fed = FeedClassifier.classifyArrays(a, List.of(a), List.of(z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_OUTPUT);
      assertThat(fed.evidence()).contains("very array the activation returned");
    }

    @Test
    void should_say_input_when_called_with_the_pre_activation() {
      double[] z = Z.clone();
      double[] a = sigmoid(z);

      FeedClassification fed = FeedClassifier.classifyArrays(z, List.of(a), List.of(z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_INPUT);
    }

    @Test
    void should_say_output_when_called_with_one_row_of_a_recorded_batch() {
      double[][] a = {sigmoid(Z), sigmoid(new double[] {1, 2, 3, 4, 5, 6})};
      double[][] z = {Z.clone(), {1, 2, 3, 4, 5, 6}};

      FeedClassification fed = FeedClassifier.classifyArrays(a[1], List.of(a), List.of(z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_OUTPUT);
    }

    @Test
    void should_say_output_when_called_with_a_copy_of_the_output() {
      double[] z = Z.clone();
      double[] a = sigmoid(z);

      FeedClassification fed = FeedClassifier.classifyArrays(a.clone(), List.of(a), List.of(z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_OUTPUT);
      assertThat(fed.evidence()).contains("copy");
    }

    @Test
    void should_say_input_when_called_with_a_float_copy_of_the_input() {
      float[] z = {-1f, 0.5f, 2f};
      float[] a = {0f, 0.5f, 2f};

      FeedClassification fed = FeedClassifier.classifyArrays(z.clone(), List.of(a), List.of(z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_INPUT);
    }

    @Test
    void should_be_unknown_when_the_activation_works_in_place() {
      double[] za = Z.clone();

      FeedClassification fed = FeedClassifier.classifyArrays(za, List.of(za), List.of(za));

      assertThat(fed.known()).isFalse();
      assertThat(fed.evidence()).contains("in place");
    }

    @Test
    void should_be_unknown_when_relu_input_and_output_are_equal() {
      double[] z = {1, 2, 3};
      double[] a = {1, 2, 3};

      FeedClassification fed = FeedClassifier.classifyArrays(z.clone(), List.of(a), List.of(z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.NEITHER);
    }

    @Test
    void should_be_unknown_when_the_argument_is_something_else() {
      FeedClassification fed =
          FeedClassifier.classifyArrays(new double[] {9}, List.of(sigmoid(Z)), List.of(Z));

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.NEITHER);
    }

    @Test
    void should_be_unknown_when_the_argument_is_null() {
      assertThat(FeedClassifier.classifyArrays(null, List.of(), List.of()).known()).isFalse();
    }
  }

  @Nested
  class Scalars {

    @Test
    void should_say_output_when_the_arguments_are_output_values() {
      double[] a = sigmoid(Z);

      FeedClassification fed = FeedClassifier.classifyValues(a.clone(), a, Z);

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_OUTPUT);
      assertThat(fed.evidence()).startsWith("6 of 6 sampled arguments");
    }

    @Test
    void should_say_input_when_the_arguments_are_pre_activation_values() {
      FeedClassification fed = FeedClassifier.classifyValues(Z.clone(), sigmoid(Z), Z);

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_INPUT);
    }

    @Test
    void should_ignore_shared_values_when_relu_positives_appear_in_both() {
      double[] z = {-2, -1, 0.5, 1.5, 3};
      double[] a = {0, 0, 0.5, 1.5, 3};

      FeedClassification fed = FeedClassifier.classifyValues(a.clone(), a, z);

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_OUTPUT);
      assertThat(fed.evidence()).startsWith("2 of 5");
    }

    @Test
    void should_fall_back_to_ranges_when_values_were_not_recorded_exactly() {
      double[] args = {0.2, 0.45, 0.8}; // inside σ's output range, not found among the samples

      FeedClassification fed = FeedClassifier.classifyValues(args, sigmoid(Z), Z);

      // Z spans [-2.5, 3.2], which also holds these: the outputs' range [0.08, 0.96] is narrower,
      // but both contain the arguments, so nothing can be said
      assertThat(fed.fed()).isEqualTo(DerivativeConvention.NEITHER);
    }

    @Test
    void should_say_input_when_arguments_lie_outside_the_output_range() {
      double[] args = {-1.9, 2.4};

      FeedClassification fed = FeedClassifier.classifyValues(args, sigmoid(Z), Z);

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_INPUT);
      assertThat(fed.evidence()).contains("span");
    }

    @Test
    void should_say_output_when_arguments_lie_outside_the_input_range() {
      double[] z = {2, 3, 4};
      double[] a = sigmoid(z);

      FeedClassification fed = FeedClassifier.classifyValues(new double[] {0.9, 0.95}, a, z);

      assertThat(fed.fed()).isEqualTo(DerivativeConvention.OF_OUTPUT);
    }

    @Test
    void should_be_unknown_when_nothing_was_recorded() {
      assertThat(FeedClassifier.classifyValues(new double[0], Z, Z).known()).isFalse();
      assertThat(FeedClassifier.classifyValues(Z, null, null).known()).isFalse();
    }
  }
}
