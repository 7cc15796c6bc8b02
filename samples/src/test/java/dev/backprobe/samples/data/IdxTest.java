package dev.backprobe.samples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private static byte[] idx(int type, int[] dims, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    for (int i = 0; i < dataBytes; i++) {
      b.put((byte) (200 + i));
    }
    return b.array();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void should_read_dimensions_and_unsigned_bytes_when_plain_or_gzipped() throws IOException {
    byte[] raw = idx(0x08, new int[] {2, 1, 2}, 4);
    for (byte[] bytes : new byte[][] {raw, gzip(raw)}) {
      Idx.Tensor t = Idx.read(new ByteArrayInputStream(bytes), "t");
      assertThat(t.dimensions()).containsExactly(2, 1, 2);
      assertThat(t.count()).isEqualTo(2);
      assertThat(t.itemSize()).isEqualTo(2);
      assertThat(t.unsigned(3)).isEqualTo(203);
    }
  }

  @Test
  void should_name_the_file_and_the_problem_when_malformed() throws IOException {
    assertRejects(new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5}, "not an IDX file");
    assertRejects(idx(0x0D, new int[] {1}, 4), "data type 0x0d is not supported");
    assertRejects(idx(0x08, new int[] {3, 2}, 5), "truncated IDX file");
    assertRejects(idx(0x08, new int[] {2}, 3), "1 bytes after the data");
    assertRejects(idx(0x08, new int[] {0}, 0), "dimension 0 is 0");
    assertRejects(new byte[] {0, 0, 8}, "truncated IDX file");
    assertRejects(new byte[] {0, 0, 8, 9}, "9 dimensions");
    byte[] corrupt = gzip(idx(0x08, new int[] {100}, 100));
    corrupt[corrupt.length / 2] ^= 0x55;
    corrupt[corrupt.length / 2 + 1] ^= 0x55;
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(corrupt), "bad.gz"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageStartingWith("bad.gz: ");
  }

  private static void assertRejects(byte[] bytes, String message) {
    assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(bytes), "file.idx"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageStartingWith("file.idx: ")
        .hasMessageContaining(message);
  }

  @Test
  void should_say_which_file_is_missing() {
    assertThatThrownBy(() -> Idx.read(dir.resolve("none")))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> Mnist.load(dir, 10, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("no train-images-idx3-ubyte.gz");
  }

  @Test
  void should_load_the_bundled_subset_with_every_class_and_full_pixel_range() throws IOException {
    Mnist.Data data = Mnist.load(null, Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(data.train().size()).isEqualTo(5000);
    assertThat(data.test().size()).isEqualTo(1000);
    assertThat(data.train().images()[0]).hasSize(784);
    int[] perClass = new int[10];
    double max = 0;
    for (int i = 0; i < data.train().size(); i++) {
      perClass[data.train().labels()[i]]++;
      for (double p : data.train().images()[i]) {
        max = Math.max(max, p);
      }
    }
    // Every class holds roughly a tenth of a shuffled MNIST sample (the rarest, 5, about 9%).
    assertThat(java.util.Arrays.stream(perClass).boxed()).allSatisfy(n -> assertThat(n).isBetween(350, 650));
    assertThat(max).isEqualTo(255);
  }

  @Test
  void should_read_a_folder_of_uncompressed_dotted_names_and_check_counts() throws IOException {
    Files.write(dir.resolve("train-images.idx3-ubyte"), idx(0x08, new int[] {2, 2, 2}, 8));
    Files.write(dir.resolve("train-labels.idx1-ubyte"), idx(0x08, new int[] {2}, 2));
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idx(0x08, new int[] {1, 2, 2}, 4)));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x08, new int[] {2}, 2));
    assertThatThrownBy(() -> Mnist.load(dir, 10, 10))
        .hasMessageContaining("has 1 images but t10k-labels has 2 labels");
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(0x08, new int[] {1}, 1));
    Mnist.Data data = Mnist.load(dir, 1, 10);
    assertThat(data.train().size()).isEqualTo(1);
    assertThat(data.train().images()[0]).containsExactly(200, 201, 202, 203);
    assertThat(data.test().labels()).containsExactly(200);
  }
}
