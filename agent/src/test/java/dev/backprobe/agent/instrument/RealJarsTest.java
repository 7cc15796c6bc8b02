package dev.backprobe.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import dev.backprobe.agent.rt.Bridge;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.commons.math3.util.FastMath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Robustness on code nobody wrote for us: every class of real jars from Maven Central is
 * instrumented, defined in a fresh loader and linked, which makes the JVM verify it. A {@code
 * VerifyError} fails the test with ASM's listing of the class.
 */
class RealJarsTest {
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void install() {
    Bridge.reset();
    Bridge.install(listener);
  }

  @AfterEach
  void uninstall() {
    Bridge.reset();
  }

  @Test
  void should_verify_every_class_when_commons_math_is_instrumented() throws Exception {
    JarRun run = instrumentAndLink(jarOf(FastMath.class), "org.apache.commons.math3.*");

    assertThat(run.instrumented).isGreaterThan(800);
    // the instrumented code still computes the same
    ClassLoader loader = run.loader;
    Method exp = loader.loadClass(FastMath.class.getName()).getMethod("exp", double.class);
    assertThat((double) exp.invoke(null, 1.25)).isEqualTo(FastMath.exp(1.25));
    assertThat(listener.events).isNotEmpty();
  }

  @Test
  void should_verify_every_class_when_guava_is_instrumented() throws Exception {
    JarRun run = instrumentAndLink(jarOf(ImmutableList.class), "com.google.*");

    assertThat(run.instrumented).isGreaterThan(1000);
    Class<?> lists = run.loader.loadClass("com.google.common.collect.Lists");
    Object reversed =
        lists.getMethod("reverse", List.class).invoke(null, List.of(1, 2, 3));
    assertThat(reversed).isEqualTo(List.of(3, 2, 1));
  }

  @Test
  void should_fail_to_link_when_a_class_does_not_verify() throws Exception {
    // GIVEN a class whose method pops from an empty stack: proof that linking verifies
    ClassNode broken = new ClassNode();
    new ClassReader(InstrumentingClassLoader.read(getClass().getClassLoader(), "testbed.Traits"))
        .accept(broken, 0);
    MethodNode method =
        broken.methods.stream().filter(m -> m.name.equals("backprop")).findFirst().orElseThrow();
    method.instructions.insert(new InsnNode(Opcodes.POP));
    ClassWriter writer = new ClassWriter(0);
    broken.accept(writer);
    byte[] bytes = writer.toByteArray();
    ClassLoader loader =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve)
              throws ClassNotFoundException {
            return name.equals("testbed.Traits")
                ? defineClass(name, bytes, 0, bytes.length)
                : super.loadClass(name, resolve);
          }
        };

    // WHEN it is linked the way the robustness tests link: THEN the JVM rejects it
    Class<?> type = Class.forName("testbed.Traits", false, loader);
    try {
      link(type);
      fail("a class that pops an empty stack was linked");
    } catch (VerifyError expected) {
      assertThat(expected).hasMessageContaining("backprop");
    }
  }

  /** Links a class without initialising it: reflection over declared members links first. */
  private static void link(Class<?> type) {
    type.getDeclaredMethods();
    type.getDeclaredConstructors();
  }

  private record JarRun(ClassLoader loader, int instrumented) {}

  private JarRun instrumentAndLink(Path jar, String include) throws Exception {
    List<String> names = classesIn(jar);
    Set<String> owned = Collections.unmodifiableSet(new TreeSet<>(names));
    List<String> transformFailures = Collections.synchronizedList(new ArrayList<>());
    ClassSelector selector = ClassSelector.of(ClassGlob.list(include), List.of());
    URLClassLoader source = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    InstrumentingClassLoader loader =
        new InstrumentingClassLoader(
            owned::contains,
            new BackprobeTransformer(selector, (c, t) -> transformFailures.add(c + ": " + t)),
            source);
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      try {
        link(Class.forName(name, false, loader));
      } catch (VerifyError | ClassFormatError e) {
        byte[] bytes = loader.instrumented(name);
        fail(
            name
                + " does not verify after instrumentation: "
                + e
                + "\n"
                + (bytes == null ? "(not instrumented)" : InstrumentingClassLoader.textify(bytes)));
      } catch (LinkageError | ClassNotFoundException e) {
        // optional dependencies missing from the test class path: fine if the original fails too
        problems.add(name);
      }
    }
    assertThat(transformFailures).as("classes the transformer gave up on").isEmpty();
    assertUnchangedFailures(jar, owned, problems);
    return new JarRun(loader, loader.allInstrumented().size());
  }

  /** Classes that failed to link must fail the same way without instrumentation. */
  private static void assertUnchangedFailures(Path jar, Set<String> owned, List<String> problems)
      throws Exception {
    if (problems.isEmpty()) {
      return;
    }
    URLClassLoader source = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    InstrumentingClassLoader plain = new InstrumentingClassLoader(owned::contains, null, source);
    for (String name : problems) {
      try {
        link(Class.forName(name, false, plain));
        fail(name + " links unchanged but not once instrumented");
      } catch (LinkageError | ClassNotFoundException expected) {
        // same as instrumented
      }
    }
  }

  private static Path jarOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> classesIn(Path jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String path = entry.getName();
        if (path.endsWith(".class")
            && !path.startsWith("META-INF/")
            && !path.endsWith("module-info.class")
            && !path.endsWith("package-info.class")) {
          names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }
}
