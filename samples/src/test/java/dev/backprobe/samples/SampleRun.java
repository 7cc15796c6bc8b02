package dev.backprobe.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a sample's {@code main} in this JVM and keeps what it printed, for the behaviour tests. */
public record SampleRun(List<String> lines) {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

  public static synchronized SampleRun of(Class<?> main) throws Exception {
    Method method = main.getMethod("main", String[].class);
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      method.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    return new SampleRun(bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** The number on the {@code final loss:} line. */
  public double finalLoss() {
    for (String line : lines) {
      if (line.startsWith("final loss:")) {
        return Double.parseDouble(line.substring("final loss:".length()).trim());
      }
    }
    throw new AssertionError("no final loss line in " + lines);
  }

  /** The number that follows {@code label} on every line that has it, in order. */
  public List<Double> series(String label) {
    List<Double> values = new ArrayList<>();
    for (String line : lines) {
      int at = line.indexOf(label);
      if (at >= 0) {
        Matcher m = NUMBER.matcher(line.substring(at + label.length()));
        if (m.find()) {
          values.add(Double.parseDouble(m.group()));
        }
      }
    }
    return values;
  }
}
