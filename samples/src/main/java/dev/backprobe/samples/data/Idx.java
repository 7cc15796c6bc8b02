package dev.backprobe.samples.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * two zero bytes, a type byte, a dimension count, the dimensions as big-endian ints, then the data.
 * Only unsigned bytes (type 0x08), the type of every image and label file of these sets, are read;
 * gzip'd files are recognised by their magic number.
 */
public final class Idx {

  /** IDX type code of unsigned bytes. */
  static final int TYPE_UNSIGNED_BYTE = 0x08;
  /** More dimensions than any image set needs; larger counts mean the file is not IDX. */
  static final int MAX_DIMENSIONS = 4;
  /** First two bytes of a gzip stream (RFC 1952). */
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private Idx() {}

  /** The dimensions and the unsigned byte values (0–255, row-major) of one IDX file. */
  public record Tensor(int[] dimensions, byte[] data) {
    /** The value at flat index {@code i}, 0–255. */
    public int unsigned(int i) {
      return data[i] & 0xff;
    }

    /** Number of items: the first dimension. */
    public int count() {
      return dimensions[0];
    }

    /** Values per item: the product of the other dimensions. */
    public int itemSize() {
      int size = 1;
      for (int d = 1; d < dimensions.length; d++) {
        size *= dimensions[d];
      }
      return size;
    }

    @Override
    public String toString() {
      return "IDX tensor " + Arrays.toString(dimensions);
    }
  }

  /** Reads an IDX file, gzip'd or not. */
  public static Tensor read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new IdxFormatException(file + ": no such file");
    }
  }

  /**
   * Reads an IDX stream, gzip'd or not; {@code name} is used in error messages. The stream is read
   * to its end and not closed.
   */
  public static Tensor read(InputStream raw, String name) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    InputStream in = buffered;
    if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
      in = new GZIPInputStream(buffered);
    }
    try {
      return parse(new DataInputStream(in), name);
    } catch (EOFException e) {
      throw new IdxFormatException(name + ": truncated IDX file (ends inside the header or data)");
    } catch (ZipException e) {
      throw new IdxFormatException(name + ": corrupt gzip data (" + e.getMessage() + ")");
    }
  }

  private static Tensor parse(DataInputStream in, String name) throws IOException {
    int zero1 = in.readUnsignedByte();
    int zero2 = in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int rank = in.readUnsignedByte();
    if (zero1 != 0 || zero2 != 0) {
      throw new IdxFormatException(
          name + ": not an IDX file (the first two bytes must be 0, found "
              + hex(zero1) + " " + hex(zero2) + ")");
    }
    if (type != TYPE_UNSIGNED_BYTE) {
      throw new IdxFormatException(
          name + ": IDX data type " + hex(type) + " is not supported (expected 0x08, unsigned byte)");
    }
    if (rank < 1 || rank > MAX_DIMENSIONS) {
      throw new IdxFormatException(
          name + ": " + rank + " dimensions (expected 1 to " + MAX_DIMENSIONS + ")");
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int d = 0; d < rank; d++) {
      dims[d] = in.readInt();
      if (dims[d] <= 0) {
        throw new IdxFormatException(name + ": dimension " + d + " is " + dims[d] + " (must be > 0)");
      }
      size *= dims[d];
      if (size > Integer.MAX_VALUE - 8) {
        throw new IdxFormatException(name + ": dimensions " + Arrays.toString(dims) + " are too large");
      }
    }
    byte[] data = new byte[(int) size];
    int read = in.readNBytes(data, 0, data.length);
    if (read < data.length) {
      throw new IdxFormatException(
          name + ": truncated IDX file: dimensions " + Arrays.toString(dims) + " need "
              + data.length + " data bytes, found " + read);
    }
    long trailing = countRemaining(in);
    if (trailing > 0) {
      throw new IdxFormatException(
          name + ": " + trailing + " bytes after the data of dimensions " + Arrays.toString(dims));
    }
    return new Tensor(dims, data);
  }

  private static long countRemaining(InputStream in) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    return in.transferTo(sink);
  }

  private static String hex(int value) {
    return String.format("0x%02x", value);
  }
}
