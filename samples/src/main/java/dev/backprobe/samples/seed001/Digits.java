package dev.backprobe.samples.seed001;

import dev.backprobe.samples.data.Mnist;
import dev.backprobe.samples.data.SampleArgs;
import java.io.IOException;
import java.util.Locale;

/**
 * The asker's data: inputs = images / 256 (as posted), outputs = one-hot rows. The asker used the
 * 10 000 test images; the samples use the first 5 000 images of the training split.
 */
record Digits(double[][] inputs, double[][] outputs) {
  static final int EXAMPLES = 5000;

  static Digits loadOrExit(SampleArgs args, String program) {
    try {
      Mnist.Split split = Mnist.load(args.dataDir(), EXAMPLES, 0).train();
      double[][] inputs = new double[split.size()][];
      double[][] outputs = new double[split.size()][10];
      for (int i = 0; i < split.size(); i++) {
        inputs[i] = split.images()[i].clone();
        for (int p = 0; p < inputs[i].length; p++) {
          inputs[i][p] /= 256; // inputs = x_test / 256
        }
        outputs[i][split.labels()[i]] = 1;
      }
      return new Digits(inputs, outputs);
    } catch (IOException e) {
      System.err.println(program + ": cannot read the digits: " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  /** One progress line: the loss before the step and the first example's outputs, as the asker printed. */
  static void report(int iteration, double loss, double[][] trainedOutputs) {
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "iteration %d loss %.6f trained_output[0] [", iteration, loss));
    for (int j = 0; j < trainedOutputs[0].length; j++) {
      line.append(String.format(Locale.ROOT, j == 0 ? "%.4g" : " %.4g", trainedOutputs[0][j]));
    }
    System.out.println(line.append(']'));
  }
}
