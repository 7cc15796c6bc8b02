package dev.backprobe.agent.instrument;

import dev.backprobe.agent.rt.Sites;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Injects the probes into one method (shapes in {@link dev.backprobe.agent.rt.Bridge}'s Javadoc):
 * an entry probe, an exit probe before every return, a store probe before every store of an array
 * or user object into a local variable; or, for a pure scalar function, only a probe of its
 * argument. Probes are {@code DUP} + constant + {@code INVOKESTATIC}: no branch, so existing
 * stack-map frames stay valid. The one branch is the entry probe's "does the runtime want the
 * arguments?" test, whose two frames this class writes itself.
 */
final class ProbeInjector {
  static final String BRIDGE = "dev/backprobe/agent/rt/Bridge";

  private final String owner;
  private final MethodNode method;
  private final int methodId;
  private final boolean emitFrames;
  private final Frame<SourceValue>[] frames;
  private final boolean isStatic;
  private Map<LabelNode, Integer> labelIndex;
  private LoopSpans loops;

  /**
   * @param owner the class's internal name
   * @param methodId the id {@link Sites} gave the method
   * @param emitFrames whether the class file carries stack-map frames (version 50 and later)
   * @param frames the method's source frames from before injection, or null
   */
  ProbeInjector(
      String owner,
      MethodNode method,
      int methodId,
      boolean emitFrames,
      Frame<SourceValue>[] frames) {
    this.owner = owner;
    this.method = method;
    this.methodId = methodId;
    this.emitFrames = emitFrames;
    this.frames = frames;
    this.isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
  }

  /** Injects every probe; {@code scalarOnly} for pure scalar functions (argument probe only). */
  void inject(boolean scalarOnly) {
    if (scalarOnly) {
      method.instructions.insert(scalarArgumentProbe());
      return;
    }
    AbstractInsnNode[] original = method.instructions.toArray();
    boolean storeProbes = !hasSubroutines(original);
    loops = LoopSpans.of(original, label -> indexIn(original, label));
    int line = 0;
    for (int i = 0; i < original.length; i++) {
      AbstractInsnNode insn = original[i];
      if (insn instanceof LineNumberNode lineNode) {
        line = lineNode.line;
      } else if (insn.getOpcode() == Opcodes.ASTORE && storeProbes) {
        injectStoreProbe((VarInsnNode) insn, i, original, line);
      } else if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
        method.instructions.insertBefore(insn, exitProbe(insn.getOpcode()));
      }
    }
    injectEntryProbe(startsWithFrame(original));
  }

  // ---------------------------------------------------------------- entry

  private InsnList scalarArgumentProbe() {
    InsnList code = new InsnList();
    Type arg = Type.getArgumentTypes(method.desc)[0];
    code.add(new VarInsnNode(arg.getOpcode(Opcodes.ILOAD), isStatic ? 0 : 1));
    if (arg.getSort() == Type.FLOAT) {
      code.add(new InsnNode(Opcodes.F2D));
    }
    code.add(pushInt(methodId));
    code.add(bridgeCall("scalarArgument", "(DI)V"));
    return code;
  }

  /**
   * {@code Bridge.enter(this|null, args|null, id)}. With parameters, the arguments are boxed only
   * when {@code Bridge.wantsArguments(id)}:
   *
   * <pre>
   *   wantsArguments(id); IFEQ none; enter(this, new Object[]{…}, id); GOTO done
   *   none: [frame]  enter(this, null, id)
   *   done: [frame]  original code
   * </pre>
   *
   * Both targets see exactly the method's initial locals (nothing has been stored yet) and an
   * empty stack, so their frames are the initial frame written out in full ({@code F_NEW}, as the
   * class was read with {@code EXPAND_FRAMES}). If the original code already starts with a frame
   * (a loop head at offset 0), that frame stands for {@code done} and no second one is written.
   */
  private void injectEntryProbe(boolean originalStartsWithFrame) {
    InsnList code = new InsnList();
    Type[] args = Type.getArgumentTypes(method.desc);
    if (args.length == 0) {
      code.add(receiver());
      code.add(new InsnNode(Opcodes.ACONST_NULL));
      code.add(pushInt(methodId));
      code.add(bridgeCall("enter", "(Ljava/lang/Object;[Ljava/lang/Object;I)V"));
      method.instructions.insert(code);
      return;
    }
    LabelNode none = new LabelNode();
    LabelNode done = new LabelNode();
    code.add(pushInt(methodId));
    code.add(bridgeCall("wantsArguments", "(I)Z"));
    code.add(new JumpInsnNode(Opcodes.IFEQ, none));
    code.add(receiver());
    code.add(boxedArguments(args));
    code.add(pushInt(methodId));
    code.add(bridgeCall("enter", "(Ljava/lang/Object;[Ljava/lang/Object;I)V"));
    code.add(new JumpInsnNode(Opcodes.GOTO, done));
    code.add(none);
    if (emitFrames) {
      code.add(initialFrame());
    }
    code.add(receiver());
    code.add(new InsnNode(Opcodes.ACONST_NULL));
    code.add(pushInt(methodId));
    code.add(bridgeCall("enter", "(Ljava/lang/Object;[Ljava/lang/Object;I)V"));
    code.add(done);
    if (emitFrames && !originalStartsWithFrame) {
      code.add(initialFrame());
    }
    method.instructions.insert(code);
  }

  private AbstractInsnNode receiver() {
    return isStatic ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, 0);
  }

  private InsnList boxedArguments(Type[] args) {
    InsnList code = new InsnList();
    code.add(pushInt(args.length));
    code.add(new TypeInsnNode(Opcodes.ANEWARRAY, "java/lang/Object"));
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < args.length; i++) {
      code.add(new InsnNode(Opcodes.DUP));
      code.add(pushInt(i));
      code.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slot));
      box(code, args[i]);
      code.add(new InsnNode(Opcodes.AASTORE));
      slot += args[i].getSize();
    }
    return code;
  }

  private static void box(InsnList code, Type type) {
    String boxed =
        switch (type.getSort()) {
          case Type.BOOLEAN -> "java/lang/Boolean";
          case Type.CHAR -> "java/lang/Character";
          case Type.BYTE -> "java/lang/Byte";
          case Type.SHORT -> "java/lang/Short";
          case Type.INT -> "java/lang/Integer";
          case Type.FLOAT -> "java/lang/Float";
          case Type.LONG -> "java/lang/Long";
          case Type.DOUBLE -> "java/lang/Double";
          default -> null;
        };
    if (boxed != null) {
      code.add(
          new MethodInsnNode(
              Opcodes.INVOKESTATIC,
              boxed,
              "valueOf",
              "(" + type.getDescriptor() + ")L" + boxed + ";",
              false));
    }
  }

  /** The method's frame at entry, in expanded form: receiver and parameters, empty stack. */
  private FrameNode initialFrame() {
    List<Object> locals = new ArrayList<>();
    if (!isStatic) {
      locals.add(owner);
    }
    for (Type arg : Type.getArgumentTypes(method.desc)) {
      locals.add(
          switch (arg.getSort()) {
            case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.LONG -> Opcodes.LONG;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            case Type.ARRAY -> arg.getDescriptor();
            default -> arg.getInternalName();
          });
    }
    return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
  }

  private static boolean startsWithFrame(AbstractInsnNode[] original) {
    for (AbstractInsnNode insn : original) {
      if (insn instanceof FrameNode) {
        return true;
      }
      if (insn.getOpcode() >= 0) {
        return false;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- exit

  private InsnList exitProbe(int returnOpcode) {
    InsnList code = new InsnList();
    switch (returnOpcode) {
      case Opcodes.DRETURN -> {
        code.add(new InsnNode(Opcodes.DUP2));
        code.add(pushInt(methodId));
        code.add(bridgeCall("exitDouble", "(DI)V"));
      }
      case Opcodes.FRETURN -> {
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new InsnNode(Opcodes.F2D));
        code.add(pushInt(methodId));
        code.add(bridgeCall("exitDouble", "(DI)V"));
      }
      case Opcodes.ARETURN -> {
        code.add(new InsnNode(Opcodes.DUP));
        code.add(pushInt(methodId));
        code.add(bridgeCall("exitObject", "(Ljava/lang/Object;I)V"));
      }
      default -> { // RETURN, IRETURN, LRETURN: the value is not passed
        code.add(pushInt(methodId));
        code.add(bridgeCall("exit", "(I)V"));
      }
    }
    return code;
  }

  // ---------------------------------------------------------------- stores

  private void injectStoreProbe(
      VarInsnNode store, int index, AbstractInsnNode[] original, int line) {
    if (loops.contains(index) && storesAnElement(index, original)) {
      return; // a row alias in a loop: see storesAnElement
    }
    String name;
    String descriptor;
    if (method.localVariables != null && !method.localVariables.isEmpty()) {
      LocalVariableNode local = localAt(store.var, index, original);
      if (local == null || !isProbed(local.desc)) {
        return; // a compiler temporary, or a string/box/JDK object: not a tensor
      }
      name = local.name;
      descriptor = local.desc;
    } else {
      descriptor = arrayLikeSource(index);
      if (descriptor == null) {
        return;
      }
      name = "local" + store.var;
      descriptor = descriptor.isEmpty() ? null : descriptor;
    }
    int siteId = Sites.addStore(methodId, name, descriptor, line);
    InsnList code = new InsnList();
    code.add(new InsnNode(Opcodes.DUP));
    code.add(pushInt(siteId));
    code.add(bridgeCall("stored", "(Ljava/lang/Object;I)V"));
    method.instructions.insertBefore(store, code);
  }

  /**
   * Whether the stored value is an element just read from an array ({@code double[] wi = w[i]}):
   * in a loop that is a row alias, stored once per row, tens of thousands of times per training
   * step in a matrix product. Its matrix is what the runtime wants and is seen whole (a parameter,
   * a returned or stored array, an argument), so such a store carries nothing new; and a probe in
   * an inner loop costs even while stores are off: measured on the 784-300-75-10 benchmark MLP,
   * uncaptured steps took 2.4–6 ms with these probes against 1.3–2.4 ms without, a captured step
   * 36–98 ms against 4–30 ms (the listener's call per row, and the deoptimised loop), and the
   * verification's loss replays ran 30 % slower in the polluted compiled code.
   */
  private static boolean storesAnElement(int storeIndex, AbstractInsnNode[] original) {
    int i = storeIndex - 1;
    while (i >= 0 && original[i].getOpcode() < 0) {
      i--; // labels, line numbers and frames
    }
    return i >= 0 && original[i].getOpcode() == Opcodes.AALOAD;
  }

  /** Arrays, user objects (a {@code Matrix}, a layer) and plain {@code Object}s. */
  private static boolean isProbed(String descriptor) {
    return descriptor.startsWith("[")
        || descriptor.equals("Ljava/lang/Object;")
        || (descriptor.startsWith("L")
            && !descriptor.startsWith("Ljava/")
            && !descriptor.startsWith("Ljavax/")
            && !descriptor.startsWith("Ljdk/")
            && !descriptor.startsWith("Lsun/"));
  }

  /**
   * The debug-info variable a store writes: javac opens a variable's scope right after its first
   * store, so the scope may start at the next instruction; later stores fall inside it.
   */
  private LocalVariableNode localAt(int var, int storeIndex, AbstractInsnNode[] original) {
    int next = storeIndex + 1;
    while (next < original.length && original[next].getOpcode() < 0) {
      next++;
    }
    LocalVariableNode best = null;
    int bestStart = -1;
    for (LocalVariableNode local : method.localVariables) {
      if (local.index != var) {
        continue;
      }
      int start = indexIn(original, local.start);
      int end = indexIn(original, local.end);
      if (start <= next && storeIndex < end && start > bestStart) {
        best = local;
        bestStart = start;
      }
    }
    return best;
  }

  private int indexIn(AbstractInsnNode[] original, LabelNode label) {
    if (labelIndex == null) {
      // Positions in the original array; injected code only adds new nodes around them.
      labelIndex = new IdentityHashMap<>();
      for (int i = 0; i < original.length; i++) {
        if (original[i] instanceof LabelNode node) {
          labelIndex.put(node, i);
        }
      }
    }
    return labelIndex.getOrDefault(label, -1);
  }

  /**
   * Without debug info: the stored value's descriptor when every instruction that may have
   * produced it yields an initialised array or an untyped {@code Object} ("" when that type is
   * not known exactly), else null. Only producers that can never give an uninitialised object or
   * a return address are accepted, so the probe's {@code DUP} + call always verifies.
   */
  private String arrayLikeSource(int index) {
    if (frames == null || frames[index] == null) {
      return null;
    }
    Frame<SourceValue> frame = frames[index];
    SourceValue value = frame.getStack(frame.getStackSize() - 1);
    if (value.insns.isEmpty()) {
      return null;
    }
    String descriptor = null;
    for (AbstractInsnNode source : value.insns) {
      String type = producedType(source);
      if (type == null) {
        return null;
      }
      descriptor = descriptor == null || descriptor.equals(type) ? type : "";
    }
    return descriptor;
  }

  /** The reference type an instruction pushes when it is array-like, "" if unknown, else null. */
  private static String producedType(AbstractInsnNode insn) {
    switch (insn.getOpcode()) {
      case Opcodes.NEWARRAY:
        return "[" + primitiveArrayElement(((IntInsnNode) insn).operand);
      case Opcodes.ANEWARRAY:
        return "[" + Type.getObjectType(((TypeInsnNode) insn).desc).getDescriptor();
      case Opcodes.MULTIANEWARRAY:
        return ((MultiANewArrayInsnNode) insn).desc;
      case Opcodes.AALOAD:
        return "";
      case Opcodes.CHECKCAST:
        {
          String desc = ((TypeInsnNode) insn).desc;
          return desc.startsWith("[") ? desc : null;
        }
      case Opcodes.GETFIELD:
      case Opcodes.GETSTATIC:
        return arrayOrObject(((FieldInsnNode) insn).desc);
      case Opcodes.INVOKEVIRTUAL:
      case Opcodes.INVOKESTATIC:
      case Opcodes.INVOKESPECIAL:
      case Opcodes.INVOKEINTERFACE:
        return arrayOrObject(Type.getReturnType(((MethodInsnNode) insn).desc).getDescriptor());
      default:
        return null;
    }
  }

  private static String arrayOrObject(String descriptor) {
    if (descriptor.startsWith("[")) {
      return descriptor;
    }
    return descriptor.equals("Ljava/lang/Object;") ? "" : null;
  }

  private static String primitiveArrayElement(int operand) {
    return switch (operand) {
      case Opcodes.T_BOOLEAN -> "Z";
      case Opcodes.T_CHAR -> "C";
      case Opcodes.T_FLOAT -> "F";
      case Opcodes.T_DOUBLE -> "D";
      case Opcodes.T_BYTE -> "B";
      case Opcodes.T_SHORT -> "S";
      case Opcodes.T_INT -> "I";
      default -> "J";
    };
  }

  private static boolean hasSubroutines(AbstractInsnNode[] original) {
    for (AbstractInsnNode insn : original) {
      if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- helpers

  private static MethodInsnNode bridgeCall(String name, String descriptor) {
    return new MethodInsnNode(Opcodes.INVOKESTATIC, BRIDGE, name, descriptor, false);
  }

  static AbstractInsnNode pushInt(int value) {
    if (value >= -1 && value <= 5) {
      return new InsnNode(Opcodes.ICONST_0 + value);
    }
    if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      return new IntInsnNode(Opcodes.BIPUSH, value);
    }
    if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      return new IntInsnNode(Opcodes.SIPUSH, value);
    }
    return new LdcInsnNode(value);
  }
}
