package dev.backprobe.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.Sites;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the test trainers through the transformer and watches what the probes report. */
class ProbeInjectionTest {
  private static final ClassSelector TESTBED =
      ClassSelector.of(List.of(ClassGlob.of("testbed.*")), List.of());

  private final RecordingListener listener = new RecordingListener();
  private final List<String> failures = new ArrayList<>();
  private InstrumentingClassLoader loader;

  @BeforeEach
  void install() {
    Bridge.reset();
    Bridge.install(listener);
    loader =
        InstrumentingClassLoader.forTestClasses(TESTBED, (c, t) -> failures.add(c + ": " + t));
  }

  @AfterEach
  void uninstall() {
    Bridge.reset();
    assertThat(failures).as("transform failures").isEmpty();
  }

  @Test
  void should_compute_exactly_what_the_original_computes_when_instrumented() throws Exception {
    // GIVEN the same trainers loaded unchanged and instrumented
    ClassLoader plain =
        new InstrumentingClassLoader(
            name -> name.startsWith("testbed."), null, getClass().getClassLoader());

    // WHEN both run
    Object plainTrain = invokeStatic(plain, "testbed.TinyNet", "train", 40);
    Object instrumentedTrain = invokeStatic(loader, "testbed.TinyNet", "train", 40);
    Object plainZoo = invokeStatic(plain, "testbed.Zoo", "run");
    Object instrumentedZoo = invokeStatic(loader, "testbed.Zoo", "run");

    // THEN the results are identical to the last bit, and the probes did fire
    assertThat(loader.instrumented("testbed.TinyNet")).isNotNull();
    assertThat(instrumentedTrain).isEqualTo(plainTrain);
    assertThat(instrumentedZoo).isEqualTo(plainZoo);
    assertThat(listener.matching("enter testbed.TinyNet#trainStep")).hasSize(40);
  }

  @Test
  void should_report_entry_and_exit_with_the_returned_value_when_a_tracked_method_runs()
      throws Exception {
    Object net = newNet();
    double[] x = {0.25, -1};

    double predicted = (double) invoke(net, "predict", x);
    double[] hidden = (double[]) invoke(net, "hidden", x);

    assertThat(listener.events)
        .containsSubsequence(
            "enter testbed.TinyNet#predict this",
            "enter testbed.TinyNet#hidden this",
            "exit testbed.TinyNet#hidden " + java.util.Arrays.toString(hidden),
            "exit testbed.TinyNet#predict " + predicted);
    MethodInfo predict = latest("testbed.TinyNet", "predict");
    assertThat(predict.tracked()).isTrue();
    assertThat(predict.descriptor()).isEqualTo("([D)D");
    assertThat(predict.file()).isEqualTo("TinyNet.java");
    assertThat(predict.firstLine()).isEqualTo(lineOf("double[] activation = hidden(x);"));
  }

  @Test
  void should_pass_boxed_arguments_only_when_the_runtime_wants_them() throws Exception {
    Object net = newNet();
    Method count = net.getClass().getDeclaredMethod("count", long.class, int.class, char.class,
        boolean.class, byte.class, short.class, float.class, double.class, Object.class);
    count.setAccessible(true);
    Object[] args = {7L, 3, 'c', true, (byte) 2, (short) 5, 1.5f, 2.5, "o"};

    Object first = count.invoke(net, args);
    Bridge.wantArguments(latest("testbed.TinyNet", "count").id(), true);
    Object second = count.invoke(net, args);

    assertThat(second).isEqualTo(first);
    assertThat(listener.matching("enter testbed.TinyNet#count"))
        .containsExactly(
            "enter testbed.TinyNet#count this",
            "enter testbed.TinyNet#count this args=[7, 3, c, true, 2, 5, 1.5, 2.5, o]");
    assertThat(listener.matching("exit testbed.TinyNet#count")).hasSize(2);
  }

  @Test
  void should_pass_the_very_arrays_when_arguments_are_wanted() throws Exception {
    Object net = newNet();
    Bridge.wantArguments(latest("testbed.TinyNet", "hidden").id(), true);
    double[] x = {1, 2};

    invoke(net, "hidden", x);

    assertThat(listener.matching("enter testbed.TinyNet#hidden"))
        .containsExactly("enter testbed.TinyNet#hidden this args=[[1.0, 2.0]]");
  }

  @Test
  void should_report_stores_into_named_locals_with_their_lines() throws Exception {
    Object net = newNet();
    double[] x = {0.5, 0.5};

    invoke(net, "predict", x);

    int line = lineOf("double[] activation = hidden(x);");
    assertThat(listener.matching("store "))
        .containsExactly(
            "store testbed.TinyNet#hidden pre:" + lineOf("double[] pre = new double[b1.length];"),
            "store testbed.TinyNet#predict activation:" + line);
    // the value stored is the very array the method returned
    assertThat(listener.stored.get(1)).isSameAs(listener.stored.get(0));
    var site = Sites.store(latestStore("activation"));
    assertThat(site.descriptor()).isEqualTo("[D");
    assertThat(site.line()).isEqualTo(line);
  }

  @Test
  void should_leave_row_aliases_unprobed_only_inside_loops() throws Exception {
    // GIVEN double[] first = m[0] before the loop, double[] row = m[i] and row.clone() in it
    double[][] m = {{1, 2}, {3, 4}, {5, 6}};

    // WHEN
    Object sum = invokeStatic(loader, "testbed.RowAliases", "sum", (Object) m);

    // THEN the row alias in the loop has no probe; the one outside and the clone in it do
    assertThat(sum).isEqualTo(21.0);
    assertThat(listener.matching("store testbed.RowAliases#sum "))
        .extracting(e -> e.substring(e.lastIndexOf(' ') + 1, e.indexOf(':')))
        .containsExactly("first", "copy", "copy", "copy");
  }

  @Test
  void should_leave_strings_and_library_objects_unprobed_when_stored() throws Exception {
    invokeStatic(loader, "testbed.TinyNet", "train", 1);

    assertThat(listener.matching("store testbed.TinyNet#train "))
        .extracting(e -> e.substring(e.lastIndexOf(' ') + 1, e.indexOf(':')))
        .containsExactly("net", "xs", "ys");
  }

  @Test
  void should_probe_only_the_argument_when_a_pure_scalar_function_runs() throws Exception {
    Class<?> type = loader.loadClass("testbed.TinyNet");
    Method sigmoid = type.getDeclaredMethod("sigmoid", double.class);
    Method relu = type.getDeclaredMethod("relu", float.class);
    sigmoid.setAccessible(true);
    relu.setAccessible(true);

    double s = (double) sigmoid.invoke(null, 0.3);
    float r = (float) relu.invoke(null, -2.5f);

    assertThat(s).isEqualTo(1 / (1 + Math.exp(-0.3)));
    assertThat(r).isEqualTo(0f);
    assertThat(listener.events)
        .containsExactly("scalar testbed.TinyNet#sigmoid 0.3", "scalar testbed.TinyNet#relu -2.5");
    assertThat(latest("testbed.TinyNet", "sigmoid").tracked()).isFalse();
  }

  @Test
  void should_record_nothing_when_the_bridge_is_muted() throws Exception {
    Object net = newNet();

    Bridge.mute();
    invoke(net, "predict", new double[] {1, 1});
    Bridge.unmute();

    assertThat(listener.events).isEmpty();
  }

  @Test
  void should_report_a_float_result_widened_when_a_float_method_returns() throws Exception {
    Object zoo = loader.loadClass("testbed.Zoo").getDeclaredConstructor().newInstance();
    Method floats = zoo.getClass().getDeclaredMethod("floats", float.class, float.class);
    floats.setAccessible(true);

    floats.invoke(zoo, 1.5f, 2f);

    assertThat(listener.matching("exit testbed.Zoo#floats")).containsExactly(
        "exit testbed.Zoo#floats 3.0");
  }

  @Test
  void should_pass_asm_verification_when_every_test_class_is_instrumented() throws Exception {
    for (String name : testbedClasses()) {
      loader.loadClass(name);
      byte[] bytes = loader.instrumented(name);
      if (bytes == null) {
        continue; // nothing to instrument: synthetic, or no method with a body
      }
      String problems = InstrumentingClassLoader.checkClass(bytes, loader);
      if (!problems.isEmpty()) {
        fail(name + " does not verify:\n" + problems + "\n" + InstrumentingClassLoader.textify(bytes));
      }
    }
    assertThat(loader.allInstrumented()).containsKeys("testbed.Zoo", "testbed.Zoo$Kind$1",
        "testbed.Zoo$Layer", "testbed.Zoo$Activation", "testbed.Zoo$Inner", "testbed.Zoo$1");
  }

  // ------------------------------------------------------------------ helpers

  static List<String> testbedClasses() throws IOException {
    Path root = Path.of("target/test-classes");
    try (Stream<Path> files = Files.walk(root.resolve("testbed"))) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .sorted()
          .toList();
    }
  }

  private Object newNet() throws Exception {
    Constructor<?> constructor =
        loader.loadClass("testbed.TinyNet").getConstructor(int.class, int.class, long.class);
    return constructor.newInstance(2, 3, 7L);
  }

  private static Object invoke(Object target, String name, Object arg) throws Exception {
    Method method = target.getClass().getDeclaredMethod(name, arg.getClass());
    method.setAccessible(true);
    return method.invoke(target, arg);
  }

  static Object invokeStatic(ClassLoader loader, String className, String name, Object... args)
      throws Exception {
    for (Method method : loader.loadClass(className).getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        method.setAccessible(true);
        return method.invoke(null, args);
      }
    }
    throw new NoSuchMethodException(className + "#" + name);
  }

  /** The newest registration of a method: each test loader instruments the classes anew. */
  static MethodInfo latest(String owner, String name) {
    return Sites.methods().stream()
        .filter(m -> m.owner().equals(owner) && m.name().equals(name))
        .max(Comparator.comparingInt(MethodInfo::id))
        .orElseThrow();
  }

  private static int latestStore(String local) {
    int found = -1;
    for (int id = 0; ; id++) {
      try {
        if (Sites.store(id).local().equals(local)) {
          found = id;
        }
      } catch (IndexOutOfBoundsException end) {
        return found;
      }
    }
  }

  /** The line of the test trainer's source that holds {@code text}. */
  static int lineOf(String text) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/test/java/testbed/TinyNet.java"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line holds " + text);
  }
}
