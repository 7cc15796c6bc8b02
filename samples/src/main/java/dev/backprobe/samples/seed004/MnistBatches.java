package dev.backprobe.samples.seed004;

import dev.backprobe.samples.data.Mnist;
import dev.backprobe.samples.data.SampleArgs;
import java.io.IOException;
import java.util.Arrays;

/**
 * The data of seed 004: MNIST images scaled to [0, 1], one-hot targets, a training set cut into
 * consecutive batches and a validation set.
 */
record MnistBatches(double[][] trainX, double[][] trainY, double[][] valX, double[][] valY) {
  static final int TRAIN = 5000;
  static final int VALIDATION = 500;

  static MnistBatches loadOrExit(SampleArgs args, String program) {
    try {
      Mnist.Data data = Mnist.load(args.dataDir(), TRAIN, VALIDATION);
      return new MnistBatches(
          scale(data.train()), oneHot(data.train()), scale(data.test()), oneHot(data.test()));
    } catch (IOException e) {
      System.err.println(program + ": cannot read the digits: " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  double[][] batchX(int index, int size) {
    int start = (index * size) % (trainX.length - size + 1);
    return Arrays.copyOfRange(trainX, start, start + size);
  }

  double[][] batchY(int index, int size) {
    int start = (index * size) % (trainX.length - size + 1);
    return Arrays.copyOfRange(trainY, start, start + size);
  }

  /** Share of rows whose largest prediction is the target class. */
  static double accuracy(double[][] predictions, double[][] targets) {
    int right = 0;
    for (int r = 0; r < predictions.length; r++) {
      if (argmax(predictions[r]) == argmax(targets[r])) {
        right++;
      }
    }
    return (double) right / predictions.length;
  }

  private static int argmax(double[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double[][] scale(Mnist.Split split) {
    double[][] x = new double[split.size()][];
    for (int i = 0; i < split.size(); i++) {
      x[i] = split.images()[i].clone();
      for (int p = 0; p < x[i].length; p++) {
        x[i][p] /= 255;
      }
    }
    return x;
  }

  private static double[][] oneHot(Mnist.Split split) {
    double[][] y = new double[split.size()][10];
    for (int i = 0; i < split.size(); i++) {
      y[i][split.labels()[i]] = 1;
    }
    return y;
  }
}
