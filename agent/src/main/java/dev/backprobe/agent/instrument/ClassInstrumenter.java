package dev.backprobe.agent.instrument;

import dev.backprobe.agent.rt.MethodTrait;
import dev.backprobe.agent.rt.Sites;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Instruments one class file: classifies each method, registers it in {@link Sites} and injects
 * the probes ({@link ProbeInjector}). Pure bytecode in, bytecode out; the caller decides which
 * classes to give it and catches what it throws.
 */
public final class ClassInstrumenter {
  /** A method that would outgrow 64 KiB with its probes is retried without them this often. */
  private static final int MAX_TOO_LARGE_RETRIES = 8;

  private final ClassSelector selector;

  public ClassInstrumenter(ClassSelector selector) {
    this.selector = selector;
  }

  /**
   * Returns the instrumented class file, or {@code null} when the class has nothing to instrument
   * (synthetic, a module or package descriptor, no method with a body).
   */
  public byte[] instrument(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    if (!isInstrumentable(reader)) {
      return null;
    }
    Set<String> leftAlone = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      ClassNode cls = new ClassNode();
      // Expanded frames: the probes' own frames are written as F_NEW, like every other frame.
      reader.accept(cls, ClassReader.EXPAND_FRAMES);
      if (!instrumentMethods(cls, leftAlone)) {
        return null;
      }
      ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
      try {
        cls.accept(writer);
        return writer.toByteArray();
      } catch (MethodTooLargeException e) {
        if (attempt >= MAX_TOO_LARGE_RETRIES) {
          throw e;
        }
        leftAlone.add(e.getMethodName() + e.getDescriptor());
      }
    }
  }

  private static boolean isInstrumentable(ClassReader reader) {
    int access = reader.getAccess();
    String name = reader.getClassName();
    return (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_MODULE)) == 0
        && !name.endsWith("module-info")
        && !name.endsWith("package-info");
  }

  /** Instruments every eligible method in place; false when none was. */
  private boolean instrumentMethods(ClassNode cls, Set<String> leftAlone) {
    MethodClassifier classifier = new MethodClassifier(cls, selector);
    boolean emitFrames = (cls.version & 0xFFFF) >= Opcodes.V1_6;
    String owner = cls.name.replace('/', '.');
    boolean any = false;
    for (MethodNode method : cls.methods) {
      if (!isEligible(method) || leftAlone.contains(method.name + method.desc)) {
        continue;
      }
      Frame<SourceValue>[] frames = classifier.frames(method);
      Set<MethodTrait> traits = classifier.classify(method);
      boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
      boolean scalarProbe =
          traits.contains(MethodTrait.PURE) && traits.contains(MethodTrait.SCALAR_FUNCTION);
      boolean tracked = !scalarProbe;
      int id =
          Sites.addMethod(
              owner,
              method.name,
              method.desc,
              cls.sourceFile,
              firstLine(method),
              isStatic,
              tracked,
              traits);
      new ProbeInjector(cls.name, method, id, emitFrames, frames).inject(scalarProbe);
      any = true;
    }
    return any;
  }

  /**
   * Methods with a body the user wrote: no constructors, initialisers, bridges or other synthetic
   * methods, and no reference getters ({@link #isReferenceGetter}). A lambda's body is the user's,
   * though javac marks it synthetic ({@code lambda$main$0}): a trainer whose step is {@code
   * Runnable step = () -> …} had no step at all without it.
   */
  static boolean isEligible(MethodNode method) {
    int excluded = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE;
    if (!isLambdaBody(method)) {
      excluded |= Opcodes.ACC_SYNTHETIC;
    }
    return !method.name.startsWith("<")
        && (method.access & excluded) == 0
        && method.instructions.size() > 0
        && !isReferenceGetter(method);
  }

  /** javac's name for a lambda's body; a method reference has none (it calls a named method). */
  private static boolean isLambdaBody(MethodNode method) {
    return method.name.startsWith("lambda$");
  }

  /**
   * A method whose whole body returns one of its object's (or class's) reference fields: {@code
   * double[] w1() { return w1; }}, a record's accessor. What it returns is a field, which the
   * model's own tensors already cover, and its probes cost far more than its body: a trainer that
   * reads {@code m.w1()[j][i]} in its innermost loop (a record of arrays) ran 12× slower with them.
   * Scalar getters stay: a {@code loss()} getter is still a loss candidate.
   */
  static boolean isReferenceGetter(MethodNode method) {
    List<AbstractInsnNode> body = new ArrayList<>();
    for (AbstractInsnNode insn : method.instructions) {
      if (insn.getOpcode() >= 0) {
        body.add(insn); // labels, line numbers and frames have no opcode
      }
    }
    boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
    int n = body.size();
    if (n < 2 || body.get(n - 1).getOpcode() != Opcodes.ARETURN) {
      return false;
    }
    if (isStatic) {
      return n == 2 && body.get(0).getOpcode() == Opcodes.GETSTATIC;
    }
    return n == 3
        && body.get(0) instanceof VarInsnNode load
        && load.getOpcode() == Opcodes.ALOAD
        && load.var == 0
        && body.get(1).getOpcode() == Opcodes.GETFIELD;
  }

  private static int firstLine(MethodNode method) {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof LineNumberNode line) {
        return line.line;
      }
    }
    return 0;
  }
}
