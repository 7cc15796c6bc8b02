package dev.backprobe.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exact state of one {@link Random}: its 48-bit seed and the Gaussian it may hold back for the
 * next {@link Random#nextGaussian()} call, so that a restored generator produces the same stream.
 *
 * <p>Two ways to get at that state. When {@code java.util} is open to Backprobe (the agent opens it
 * with {@code Instrumentation.redefineModule}, a user can pass {@code --add-opens
 * java.base/java.util=ALL-UNNAMED}), the fields are read and written directly. Otherwise the state
 * is read from the generator's serialized form (a format the serialization spec fixes) and written
 * back through {@link Random#setSeed}; a held-back Gaussian is recreated by rewinding the generator
 * four steps and calling {@code nextGaussian()} once, which is exact whenever the Gaussian was the
 * last thing drawn (the usual case) and checked before it is relied on. When it is not exact the
 * snapshot says so in {@link #limitation()}.
 *
 * @param seed the generator's internal 48-bit state
 * @param nextNextGaussian the held-back Gaussian, when there is one
 * @param haveNextNextGaussian whether there is one
 * @param rewoundSeed for the serialized way with a held-back Gaussian: the internal state four
 *     steps back, from which one {@code nextGaussian()} call recreates the state exactly; else -1
 * @param limitation why a restore will not be exact, or null when it will be
 */
record RandomSnapshot(
    long seed,
    double nextNextGaussian,
    boolean haveNextNextGaussian,
    long rewoundSeed,
    String limitation) {

  // The linear congruential generator of java.util.Random (its Javadoc fixes these constants).
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;
  private static final long INVERSE_MULTIPLIER = inverse(MULTIPLIER);
  /** next(26) + next(27) per nextDouble, two nextDouble per try of the polar method. */
  private static final int STEPS_PER_GAUSSIAN_TRY = 4;
  /** boolean haveNextNextGaussian + double nextNextGaussian + long seed, in that order. */
  private static final int SERIALIZED_STATE_BYTES = 17;

  private static final byte[] SERIAL_PREFIX = serialize(new Random(0));

  /** Whether the fields of {@code java.util.Random} can be read directly. */
  static boolean directAccess() {
    return Direct.fields() != null;
  }

  static RandomSnapshot capture(Random random) {
    Field[] fields = Direct.fields();
    if (fields != null) {
      try {
        long seed = ((AtomicLong) fields[0].get(random)).get();
        return new RandomSnapshot(
            seed, fields[1].getDouble(random), fields[2].getBoolean(random), -1, null);
      } catch (IllegalAccessException e) {
        // fall through to the serialized way
      }
    }
    return captureSerialized(random);
  }

  void restore(Random random) {
    Field[] fields = Direct.fields();
    if (fields != null) {
      try {
        ((AtomicLong) fields[0].get(random)).set(seed);
        fields[1].setDouble(random, nextNextGaussian);
        fields[2].setBoolean(random, haveNextNextGaussian);
        return;
      } catch (IllegalAccessException e) {
        // fall through to the serialized way
      }
    }
    if (haveNextNextGaussian && rewoundSeed >= 0) {
      random.setSeed(rewoundSeed ^ MULTIPLIER);
      random.nextGaussian();
    } else {
      random.setSeed(seed ^ MULTIPLIER); // setSeed scrambles with the multiplier; undo it
    }
  }

  private static RandomSnapshot captureSerialized(Random random) {
    if (random.getClass() != Random.class) {
      return new RandomSnapshot(0, 0, false, -1,
          "the state of a " + random.getClass().getName() + " needs java.util opened to Backprobe");
    }
    RandomSnapshot state = readSerialized(random);
    if (state == null) {
      return new RandomSnapshot(0, 0, false, -1,
          "this JDK serializes java.util.Random differently: its state is not captured");
    }
    if (!state.haveNextNextGaussian) {
      return state;
    }
    long rewound = state.seed;
    for (int i = 0; i < STEPS_PER_GAUSSIAN_TRY; i++) {
      rewound = ((rewound - ADDEND) * INVERSE_MULTIPLIER) & MASK;
    }
    Random replay = new Random();
    replay.setSeed(rewound ^ MULTIPLIER);
    replay.nextGaussian();
    RandomSnapshot replayed = readSerialized(replay);
    boolean exact =
        replayed != null
            && replayed.seed == state.seed
            && replayed.haveNextNextGaussian
            && Double.doubleToRawLongBits(replayed.nextNextGaussian)
                == Double.doubleToRawLongBits(state.nextNextGaussian);
    return exact
        ? new RandomSnapshot(state.seed, state.nextNextGaussian, true, rewound, null)
        : new RandomSnapshot(state.seed, state.nextNextGaussian, true, -1,
            "a java.util.Random held back a Gaussian that cannot be recreated without java.util"
                + " opened to Backprobe; after a restore its next nextGaussian() differs");
  }

  /** Reads the three fields from the tail of the serialized form, or null if the form is foreign. */
  private static RandomSnapshot readSerialized(Random random) {
    byte[] bytes = serialize(random);
    int stateStart = bytes.length - SERIALIZED_STATE_BYTES - 1; // the form ends with TC_ENDBLOCKDATA
    if (SERIAL_PREFIX.length != bytes.length
        || !Arrays.equals(bytes, 0, stateStart, SERIAL_PREFIX, 0, stateStart)) {
      return null;
    }
    try (DataInputStream in =
        new DataInputStream(
            new ByteArrayInputStream(bytes, stateStart, SERIALIZED_STATE_BYTES))) {
      boolean have = in.readBoolean();
      double gaussian = in.readDouble();
      long seed = in.readLong();
      return new RandomSnapshot(seed, gaussian, have, -1, null);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] serialize(Random random) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(random);
    } catch (IOException e) {
      return new byte[0];
    }
    return bytes.toByteArray();
  }

  /** The multiplicative inverse of an odd number modulo 2⁶⁴ (Newton's iteration). */
  private static long inverse(long odd) {
    long x = odd; // correct to 3 bits; each iteration doubles the correct bits
    for (int i = 0; i < 5; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }

  /** The reflective way, looked up again until it works (the agent may open java.util later). */
  private static final class Direct {
    private static volatile Field[] fields;

    static Field[] fields() {
      Field[] found = fields;
      if (found != null) {
        return found;
      }
      try {
        Field seed = Random.class.getDeclaredField("seed");
        Field gaussian = Random.class.getDeclaredField("nextNextGaussian");
        Field have = Random.class.getDeclaredField("haveNextNextGaussian");
        if (seed.trySetAccessible() && gaussian.trySetAccessible() && have.trySetAccessible()) {
          fields = found = new Field[] {seed, gaussian, have};
        }
      } catch (NoSuchFieldException | SecurityException e) {
        return null;
      }
      return found;
    }
  }
}
