package dev.backprobe.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Runs real bytecode through the transformer without {@code -javaagent}: defines the classes that
 * {@code owns} accepts itself (child first), passing each through a {@link BackprobeTransformer}
 * the way the JVM would, and delegates everything else (the bridge included) to its parent.
 */
public final class InstrumentingClassLoader extends ClassLoader {
  private final Predicate<String> owns;
  private final BackprobeTransformer transformer;
  private final ClassLoader source;
  private final ProtectionDomain domain;
  private final Map<String, byte[]> instrumented = new ConcurrentHashMap<>();

  /**
   * @param owns which dotted class names this loader defines itself
   * @param transformer the transformer under test, or null to load unchanged
   * @param source where class files are read from
   */
  public InstrumentingClassLoader(
      Predicate<String> owns, BackprobeTransformer transformer, ClassLoader source) {
    super(InstrumentingClassLoader.class.getClassLoader());
    this.owns = owns;
    this.transformer = transformer;
    this.source = source;
    CodeSource codeSource =
        new CodeSource(
            InstrumentingClassLoader.class.getProtectionDomain().getCodeSource().getLocation(),
            (Certificate[]) null);
    this.domain = new ProtectionDomain(codeSource, null, this, null);
  }

  /** Instruments the classes of {@code selector} among the test classes. */
  static InstrumentingClassLoader forTestClasses(ClassSelector selector, TransformLog log) {
    return new InstrumentingClassLoader(
        selector::selects,
        new BackprobeTransformer(selector, log),
        InstrumentingClassLoader.class.getClassLoader());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!owns.test(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = define(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    byte[] original = read(source, name);
    if (original == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes = original;
    if (transformer != null) {
      byte[] transformed =
          transformer.transform(this, name.replace('.', '/'), null, domain, original);
      if (transformed != null) {
        instrumented.put(name, transformed);
        bytes = transformed;
      }
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /** The class file as the transformer returned it, or null when it was left unchanged. */
  byte[] instrumented(String name) {
    return instrumented.get(name);
  }

  Map<String, byte[]> allInstrumented() {
    return instrumented;
  }

  static byte[] read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ASM's {@code Textifier} listing of a class file: what to read when a test fails. */
  static String textify(byte[] classFile) {
    StringWriter text = new StringWriter();
    new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
    return text.toString();
  }

  /**
   * ASM's data-flow verification of a class file (types resolved through {@code loader});
   * returns the problems found, or an empty string.
   */
  static String checkClass(byte[] classFile, ClassLoader loader) {
    StringWriter problems = new StringWriter();
    CheckClassAdapter.verify(new ClassReader(classFile), loader, false, new PrintWriter(problems));
    return problems.toString();
  }
}
