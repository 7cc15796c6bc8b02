package dev.backprobe.agent.instrument;

import dev.backprobe.agent.rt.MethodTrait;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Reads a method's bytecode and tells which {@link MethodTrait}s it has: whether it writes the
 * model's arrays, calls instrumented code, is pure enough to be called on a test grid, has the
 * shape of an activation function, loops, and whether its name hints at a loss or a step.
 */
final class MethodClassifier {
  private static final Pattern LOSS_NAME =
      Pattern.compile(
          ".*(loss|cost|error|mse|entropy|objective|likelihood|nll|bce|xent|hinge|huber).*");
  private static final Pattern STEP_NAME =
      Pattern.compile(
          ".*(train|step|fit|update|backward|backprop|learn|epoch|iterat|optimi[sz]e|sgd|descent).*");

  /** Static library methods that neither write state nor call user code. */
  private static final Set<String> PURE_OWNERS =
      Set.of(
          "java/lang/Math",
          "java/lang/StrictMath",
          "java/lang/Double",
          "java/lang/Float",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/StringBuilder",
          "java/util/Arrays");

  /** How far the origin of an array reference is followed back through copies and locals. */
  private static final int MAX_ORIGIN_DEPTH = 24;

  private final ClassSelector selector;
  private final String ownerName;
  private final Map<MethodNode, Frame<SourceValue>[]> frames = new IdentityHashMap<>();
  private final Set<String> pureMethods;

  /** Analyses every method of the class (data flow), then finds its pure methods. */
  MethodClassifier(ClassNode owner, ClassSelector selector) {
    this.selector = selector;
    this.ownerName = owner.name;
    for (MethodNode method : owner.methods) {
      if (method.instructions.size() > 0) {
        frames.put(method, analyze(owner.name, method));
      }
    }
    this.pureMethods = pureMethods(owner);
  }

  /** Each instruction's producers of stack and local values; null when analysis failed. */
  Frame<SourceValue>[] frames(MethodNode method) {
    return frames.get(method);
  }

  private static Frame<SourceValue>[] analyze(String owner, MethodNode method) {
    try {
      return new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
    } catch (AnalyzerException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The traits of one method. When data-flow analysis failed, {@link
   * MethodTrait#WRITES_ARRAY_FIELD} is only seen from field assignments and the method is not
   * pure.
   */
  Set<MethodTrait> classify(MethodNode method) {
    Frame<SourceValue>[] frames = frames(method);
    Set<MethodTrait> traits = EnumSet.noneOf(MethodTrait.class);
    Type returnType = Type.getReturnType(method.desc);
    Type[] args = Type.getArgumentTypes(method.desc);
    if (returnType.getSort() == Type.DOUBLE || returnType.getSort() == Type.FLOAT) {
      traits.add(MethodTrait.RETURNS_SCALAR);
    }
    if (returnType.getSort() == Type.ARRAY || returnType.getSort() == Type.OBJECT) {
      traits.add(MethodTrait.RETURNS_REFERENCE);
    }
    if (pureMethods.contains(method.name + method.desc)) {
      traits.add(MethodTrait.PURE);
    }
    if (args.length == 1 && args[0].equals(returnType)) {
      String d = returnType.getDescriptor();
      if (d.equals("D") || d.equals("F")) {
        traits.add(MethodTrait.SCALAR_FUNCTION);
      } else if (d.equals("[D") || d.equals("[[D") || d.equals("[F") || d.equals("[[F")) {
        traits.add(MethodTrait.ARRAY_FUNCTION);
      }
    }
    if (isMatrixFunction(method, args, returnType)) {
      traits.add(MethodTrait.MATRIX_FUNCTION);
    }
    String lower = method.name.toLowerCase(Locale.ROOT);
    if (LOSS_NAME.matcher(lower).matches()) {
      traits.add(MethodTrait.LOSS_NAME);
    }
    if (STEP_NAME.matcher(lower).matches()) {
      traits.add(MethodTrait.STEP_NAME);
    }
    AbstractInsnNode[] insns = method.instructions.toArray();
    for (int i = 0; i < insns.length; i++) {
      AbstractInsnNode insn = insns[i];
      if (isBackwardJump(method, insn, i)) {
        traits.add(MethodTrait.HAS_LOOP);
      }
      if (insn instanceof MethodInsnNode call
          && !call.owner.startsWith("[")
          && selector.selects(call.owner)) {
        traits.add(MethodTrait.CALLS_INSTRUMENTED);
      }
      if (writesArrayField(insn, i, method.instructions, frames)) {
        traits.add(MethodTrait.WRITES_ARRAY_FIELD);
      }
    }
    if (isSetter(method, traits.contains(MethodTrait.WRITES_ARRAY_FIELD))) {
      traits.add(MethodTrait.SETTER);
    }
    return traits;
  }

  /**
   * {@code (M)M} static or on another class, or {@code ()M} on {@code M} itself, for a class
   * {@code M} of the trainer's (see {@link MethodTrait#MATRIX_FUNCTION}). JDK types are left out:
   * a {@code String → String} is not a tensor function. Nor is a method that assigns a static
   * field: probing runs it on test objects, and the runtime restores the receiver it is called on
   * but not the class's statics.
   */
  private boolean isMatrixFunction(MethodNode method, Type[] args, Type returnType) {
    if (returnType.getSort() != Type.OBJECT
        || isJdkType(returnType.getInternalName())
        || assignsStatic(method)) {
      return false;
    }
    boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
    boolean onItsOwnClass = !isStatic && returnType.getInternalName().equals(ownerName);
    if (onItsOwnClass) {
      return args.length == 0; // m.sigmoid(); m.times(other) has two operands
    }
    return args.length == 1 && args[0].equals(returnType);
  }

  private static boolean assignsStatic(MethodNode method) {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn.getOpcode() == Opcodes.PUTSTATIC) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJdkType(String internalName) {
    return internalName.startsWith("java/")
        || internalName.startsWith("javax/")
        || internalName.startsWith("jdk/")
        || internalName.startsWith("sun/");
  }

  /**
   * Whether the method writes state from its arguments and constants only (see {@link
   * MethodTrait#SETTER}): it writes a field's array or one it was given, loads no primitive array
   * element ({@code AALOAD} only fetches a row to write into) and calls only pure library code.
   */
  private boolean isSetter(MethodNode method, boolean writesArrayField) {
    boolean writes = writesArrayField || (frames.get(method) != null && writesForeignArray(method));
    if (!writes) {
      return false;
    }
    for (AbstractInsnNode insn : method.instructions) {
      int opcode = insn.getOpcode();
      if (opcode >= Opcodes.IALOAD && opcode <= Opcodes.SALOAD && opcode != Opcodes.AALOAD) {
        return false; // reads values: an update computed from the current state
      }
      if (insn instanceof InvokeDynamicInsnNode
          || (insn instanceof MethodInsnNode call && !isPureLibraryCall(call))) {
        return false; // the values may come from the call
      }
    }
    return true;
  }

  private boolean writesArrayField(MethodNode method) {
    Frame<SourceValue>[] methodFrames = frames.get(method);
    AbstractInsnNode[] insns = method.instructions.toArray();
    for (int i = 0; i < insns.length; i++) {
      if (writesArrayField(insns[i], i, method.instructions, methodFrames)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBackwardJump(MethodNode method, AbstractInsnNode insn, int index) {
    if (insn instanceof JumpInsnNode jump) {
      return method.instructions.indexOf(jump.label) < index;
    }
    List<LabelNode> targets = null;
    if (insn instanceof TableSwitchInsnNode table) {
      targets = table.labels;
    } else if (insn instanceof LookupSwitchInsnNode lookup) {
      targets = lookup.labels;
    }
    if (targets != null) {
      for (LabelNode label : targets) {
        if (method.instructions.indexOf(label) < index) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean writesArrayField(
      AbstractInsnNode insn, int index, InsnList code, Frame<SourceValue>[] frames) {
    int opcode = insn.getOpcode();
    if (opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC) {
      return holdsModelState(((FieldInsnNode) insn).desc);
    }
    if (frames == null || frames[index] == null) {
      return false;
    }
    Frame<SourceValue> frame = frames[index];
    if (opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE) {
      // stack: …, arrayref, index, value
      return fromField(frame.getStack(frame.getStackSize() - 3), code, frames, 0, new HashSet<>());
    }
    if (insn instanceof MethodInsnNode call
        && call.owner.equals("java/lang/System")
        && call.name.equals("arraycopy")) {
      // stack: …, src, srcPos, dest, destPos, length
      return fromField(frame.getStack(frame.getStackSize() - 3), code, frames, 0, new HashSet<>());
    }
    return false;
  }

  /** Arrays and user objects assigned to a field are model state; strings and boxes are not. */
  private static boolean holdsModelState(String fieldDescriptor) {
    return fieldDescriptor.startsWith("[")
        || (fieldDescriptor.startsWith("L") && !fieldDescriptor.startsWith("Ljava/lang/"))
        || fieldDescriptor.equals("Ljava/lang/Object;");
  }

  /**
   * Whether the method stores into an array it did not allocate itself: one passed in, read from a
   * field or returned by a call. Such a method changes its caller's state ({@code addScaled(w, dw,
   * lr)} updates the weights it is given), so it is not pure, and neither is a method calling it.
   */
  private boolean writesForeignArray(MethodNode method) {
    Frame<SourceValue>[] methodFrames = frames.get(method);
    AbstractInsnNode[] insns = method.instructions.toArray();
    for (int i = 0; i < insns.length; i++) {
      Frame<SourceValue> frame = methodFrames[i];
      if (frame == null) {
        continue;
      }
      int opcode = insns[i].getOpcode();
      boolean arrayStore = opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE;
      boolean arrayCopy =
          insns[i] instanceof MethodInsnNode call
              && call.owner.equals("java/lang/System")
              && call.name.equals("arraycopy");
      if ((arrayStore || arrayCopy)
          && !allocatedHere(
              frame.getStack(frame.getStackSize() - 3),
              method.instructions,
              methodFrames,
              0,
              new HashSet<>())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every origin of an array reference is an allocation in this method (or an array's
   * {@code clone()}), followed through array loads, copies, casts and locals. A reference with no
   * producing instruction is a parameter or {@code this}.
   */
  private static boolean allocatedHere(
      SourceValue value,
      InsnList code,
      Frame<SourceValue>[] frames,
      int depth,
      Set<AbstractInsnNode> seen) {
    if (depth > MAX_ORIGIN_DEPTH || value.insns.isEmpty()) {
      return false;
    }
    for (AbstractInsnNode source : value.insns) {
      if (!seen.add(source)) {
        continue;
      }
      int opcode = source.getOpcode();
      if (opcode == Opcodes.NEWARRAY
          || opcode == Opcodes.ANEWARRAY
          || opcode == Opcodes.MULTIANEWARRAY) {
        continue;
      }
      if (source instanceof MethodInsnNode call
          && call.owner.startsWith("[")
          && call.name.equals("clone")) {
        continue;
      }
      Frame<SourceValue> frame = frameOf(source, code, frames);
      List<SourceValue> next = frame == null ? List.of() : origins(source, frame);
      if (next.isEmpty()) {
        return false; // a field, a call's result, a parameter: not this method's own array
      }
      if (next.size() > 1) {
        // DUP2 copies two slots without saying which one is the array: either may be it
        if (next.stream().noneMatch(v -> allocatedHere(v, code, frames, depth + 1, seen))) {
          return false;
        }
        continue;
      }
      for (SourceValue v : next) {
        if (!allocatedHere(v, code, frames, depth + 1, seen)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a reference may come from a field, through array loads, copies, casts and locals. */
  private static boolean fromField(
      SourceValue value,
      InsnList code,
      Frame<SourceValue>[] frames,
      int depth,
      Set<AbstractInsnNode> seen) {
    if (depth > MAX_ORIGIN_DEPTH) {
      return false;
    }
    for (AbstractInsnNode source : value.insns) {
      if (!seen.add(source)) {
        continue;
      }
      int opcode = source.getOpcode();
      if ((opcode == Opcodes.GETFIELD || opcode == Opcodes.GETSTATIC)
          && ((FieldInsnNode) source).desc.startsWith("[")) {
        return true;
      }
      Frame<SourceValue> frame = frameOf(source, code, frames);
      if (frame == null) {
        continue;
      }
      for (SourceValue next : origins(source, frame)) {
        if (fromField(next, code, frames, depth + 1, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The values an instruction copied its result from. {@code DUP2} and its variants copy two
   * stack slots and the copy does not say which one it came from, so both are followed; only an
   * array-typed field ends the search, so an {@code int} index read from a field is never taken
   * for the array.
   */
  private static List<SourceValue> origins(AbstractInsnNode source, Frame<SourceValue> frame) {
    int top = frame.getStackSize() - 1;
    return switch (source.getOpcode()) {
      case Opcodes.AALOAD -> List.of(frame.getStack(top - 1));
      case Opcodes.ALOAD -> List.of(frame.getLocal(((VarInsnNode) source).var));
      case Opcodes.ASTORE, Opcodes.CHECKCAST, Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2 ->
          List.of(frame.getStack(top));
      case Opcodes.DUP2, Opcodes.DUP2_X1, Opcodes.DUP2_X2 ->
          top >= 1 ? List.of(frame.getStack(top), frame.getStack(top - 1)) : List.of();
      default -> List.of();
    };
  }

  private static Frame<SourceValue> frameOf(
      AbstractInsnNode insn, InsnList code, Frame<SourceValue>[] frames) {
    int index = code.indexOf(insn); // InsnList caches indexes: constant time
    return index < 0 || index >= frames.length ? null : frames[index];
  }

  /**
   * The methods of a class that write no field (nor an array held by one) and call only pure
   * code: the library methods of
   * {@link #PURE_OWNERS}, exception constructors, and other pure methods of the same class
   * (greatest fixed point, so mutual recursion stays pure).
   */
  private Set<String> pureMethods(ClassNode cls) {
    Map<String, Set<String>> sameClassCalls = new HashMap<>();
    for (MethodNode method : cls.methods) {
      if (method.instructions.size() == 0
          || method.name.startsWith("<")
          || frames.get(method) == null
          || writesArrayField(method)
          || writesForeignArray(method)) {
        continue;
      }
      Set<String> calls = locallyPureCalls(cls.name, method);
      if (calls != null) {
        sameClassCalls.put(method.name + method.desc, calls);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (var it = sameClassCalls.entrySet().iterator(); it.hasNext(); ) {
        if (!sameClassCalls.keySet().containsAll(it.next().getValue())) {
          it.remove();
          changed = true;
        }
      }
    }
    return Set.copyOf(sameClassCalls.keySet());
  }

  /** The same-class methods a method calls when everything else it does is pure, else null. */
  private static Set<String> locallyPureCalls(String className, MethodNode method) {
    Set<String> sameClass = new HashSet<>();
    for (AbstractInsnNode insn : method.instructions) {
      int opcode = insn.getOpcode();
      if (opcode == Opcodes.PUTFIELD
          || opcode == Opcodes.PUTSTATIC
          || opcode == Opcodes.MONITORENTER) {
        return null;
      }
      if (insn instanceof InvokeDynamicInsnNode indy && !isStringConcat(indy.bsm)) {
        return null;
      }
      if (insn instanceof MethodInsnNode call) {
        if (call.owner.equals(className)) {
          sameClass.add(call.name + call.desc);
        } else if (!isPureLibraryCall(call)) {
          return null;
        }
      }
    }
    return sameClass;
  }

  private static boolean isStringConcat(Handle bootstrap) {
    return bootstrap.getOwner().equals("java/lang/invoke/StringConcatFactory");
  }

  private static boolean isPureLibraryCall(MethodInsnNode call) {
    if (PURE_OWNERS.contains(call.owner)) {
      return true;
    }
    if (call.owner.startsWith("[") && call.name.equals("clone")) {
      return true;
    }
    return call.name.equals("<init>")
        && call.owner.startsWith("java/lang/")
        && (call.owner.endsWith("Exception") || call.owner.endsWith("Error"));
  }
}
