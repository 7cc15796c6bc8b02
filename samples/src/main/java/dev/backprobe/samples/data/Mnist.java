package dev.backprobe.samples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An MNIST-like image set (MNIST, Fashion-MNIST): the four standard IDX files, from a folder given
 * with {@code --data DIR} or else from the subset bundled on the classpath under {@code /mnist/}.
 */
public final class Mnist {

  /** Classpath folder of the bundled 5 000 + 1 000 digit subset. */
  static final String BUNDLED = "/mnist/";

  /** Images and labels of one split; pixels are the raw bytes 0–255 as doubles. */
  public record Split(double[][] images, int[] labels) {
    public int size() {
      return labels.length;
    }
  }

  /** The training and test splits. */
  public record Data(Split train, Split test, String source) {}

  private Mnist() {}

  /**
   * Loads the data from {@code dir}, or the bundled subset when {@code dir} is null; each split is
   * cut to at most {@code maxTrain} / {@code maxTest} items (the first ones).
   */
  public static Data load(Path dir, int maxTrain, int maxTest) throws IOException {
    Split train = split(dir, "train-images", "train-labels", maxTrain);
    Split test = split(dir, "t10k-images", "t10k-labels", maxTest);
    String source = dir == null ? "bundled MNIST subset" : dir.toString();
    return new Data(train, test, source);
  }

  private static Split split(Path dir, String images, String labels, int max) throws IOException {
    Idx.Tensor x = open(dir, images, "idx3-ubyte");
    Idx.Tensor y = open(dir, labels, "idx1-ubyte");
    if (x.dimensions().length != 3) {
      throw new IdxFormatException(images + ": expected 3 dimensions (n, rows, cols), found " + x);
    }
    if (y.dimensions().length != 1) {
      throw new IdxFormatException(labels + ": expected 1 dimension (n), found " + y);
    }
    if (x.count() != y.count()) {
      throw new IdxFormatException(
          images + " has " + x.count() + " images but " + labels + " has " + y.count() + " labels");
    }
    int n = Math.min(max, x.count());
    int size = x.itemSize();
    double[][] pixels = new double[n][size];
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < size; p++) {
        pixels[i][p] = x.unsigned(i * size + p);
      }
      classes[i] = y.unsigned(i);
    }
    return new Split(pixels, classes);
  }

  /** Opens {@code base-kind}, {@code base.kind}, with or without {@code .gz}. */
  private static Idx.Tensor open(Path dir, String base, String kind) throws IOException {
    List<String> names =
        List.of(
            base + "-" + kind + ".gz", base + "-" + kind, base + "." + kind + ".gz", base + "." + kind);
    if (dir == null) {
      String name = BUNDLED + names.get(0);
      try (InputStream in = Mnist.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IdxFormatException("bundled data missing from the classpath: " + name);
        }
        return Idx.read(in, name);
      }
    }
    if (!Files.isDirectory(dir)) {
      throw new IdxFormatException(dir + ": not a folder");
    }
    for (String name : names) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return Idx.read(file);
      }
    }
    throw new IdxFormatException(dir + ": no " + names.get(0) + " (nor " + names.get(1) + ")");
  }
}
