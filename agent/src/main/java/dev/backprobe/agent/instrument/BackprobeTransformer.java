package dev.backprobe.agent.instrument;

import dev.backprobe.agent.rt.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The agent's {@link ClassFileTransformer}: picks the classes to instrument and hands them to the
 * {@link ClassInstrumenter}. Never throws into the JVM: a failure is reported once through the
 * {@link TransformLog} and the class loads unchanged ({@code null}).
 *
 * <p>Left alone: classes of the bootstrap and platform loaders, the agent's own classes, classes
 * without a code source (proxies and other generated classes), lambdas' and hidden classes,
 * classes being redefined or retransformed, loaders that cannot see the {@link Bridge}, and every
 * class that the {@link ClassSelector} does not select.
 */
public final class BackprobeTransformer implements ClassFileTransformer {

  /**
   * Test hook: a system property naming classes ({@code ;}-separated, dotted) whose
   * instrumentation fails on purpose, so that tests can watch the failure path in a real JVM.
   */
  public static final String FAIL_FOR_PROPERTY = "backprobe.instrument.failFor";

  private static final String[] OWN_PACKAGES = {"dev/backprobe/agent/", "dev/backprobe/shaded/"};
  private static final String MAIN_DESCRIPTOR = "([Ljava/lang/String;)V";

  private final ClassSelector selector;
  private final TransformLog log;
  private final ClassInstrumenter instrumenter;
  private final CodeSource ownCodeSource;
  private final Set<String> failFor;
  private final ThreadLocal<Boolean> busy = ThreadLocal.withInitial(() -> Boolean.FALSE);
  private final Map<ClassLoader, Boolean> seesBridge =
      Collections.synchronizedMap(new WeakHashMap<>());

  public BackprobeTransformer(ClassSelector selector, TransformLog log) {
    this.selector = selector;
    this.log = log;
    this.instrumenter = new ClassInstrumenter(selector);
    ProtectionDomain own = BackprobeTransformer.class.getProtectionDomain();
    this.ownCodeSource = own == null ? null : own.getCodeSource();
    String failing = System.getProperty(FAIL_FOR_PROPERTY, "");
    this.failFor = Set.of(failing.isBlank() ? new String[0] : failing.split(";"));
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (busy.get()) {
      return null; // a class loaded while we instrument another one on this thread
    }
    busy.set(Boolean.TRUE);
    try {
      if (!isCandidate(loader, className, classBeingRedefined, protectionDomain)) {
        return null;
      }
      if (selector.awaitsMainClass() && declaresMain(classfileBuffer)) {
        selector.resolveMain(className);
      }
      if (!selector.selects(className) || !loaderSeesBridge(loader)) {
        return null;
      }
      if (failFor.contains(className.replace('/', '.'))) {
        throw new IllegalStateException("instrumentation refused by " + FAIL_FOR_PROPERTY);
      }
      return instrumenter.instrument(classfileBuffer);
    } catch (Throwable t) {
      reportFailure(className, t);
      return null;
    } finally {
      busy.set(Boolean.FALSE);
    }
  }

  /** Everything the selector may ever want: application classes with a code source. */
  private boolean isCandidate(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain) {
    if (className == null || classBeingRedefined != null || loader == null) {
      return false;
    }
    if (isPlatformLoader(loader) || className.contains("$$Lambda") || isOwn(className)) {
      return false;
    }
    if (protectionDomain == null || protectionDomain.getCodeSource() == null) {
      return false;
    }
    return ownCodeSource == null
        || ownCodeSource.getLocation() == null
        || !ownCodeSource.getLocation().equals(protectionDomain.getCodeSource().getLocation());
  }

  private static boolean isOwn(String className) {
    for (String prefix : OWN_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPlatformLoader(ClassLoader loader) {
    for (ClassLoader l = ClassLoader.getPlatformClassLoader(); l != null; l = l.getParent()) {
      if (l == loader) {
        return true;
      }
    }
    return false;
  }

  /**
   * Probes call {@link Bridge} by name; a loader that does not delegate to the agent's loader (an
   * isolating plugin loader) would fail with {@code NoClassDefFoundError} at the first probe, so
   * its classes are left alone.
   */
  private boolean loaderSeesBridge(ClassLoader loader) {
    Boolean known = seesBridge.get(loader);
    if (known == null) {
      try {
        known = Class.forName(Bridge.class.getName(), false, loader) == Bridge.class;
      } catch (ClassNotFoundException | LinkageError | SecurityException e) {
        known = false;
      }
      seesBridge.put(loader, known);
    }
    return known;
  }

  /** Whether the class declares {@code public static void main(String[])}. */
  private static boolean declaresMain(byte[] classFile) {
    boolean[] found = {false};
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] ex) {
                if (name.equals("main")
                    && descriptor.equals(MAIN_DESCRIPTOR)
                    && (access & Opcodes.ACC_STATIC) != 0
                    && (access & Opcodes.ACC_PUBLIC) != 0) {
                  found[0] = true;
                }
                return null;
              }
            },
            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return found[0];
  }

  private void reportFailure(String className, Throwable t) {
    try {
      log.classFailed(className == null ? "?" : className.replace('/', '.'), t);
    } catch (Throwable ignored) {
      // The log itself failed: nothing more can be said without risking the host.
    }
  }
}
