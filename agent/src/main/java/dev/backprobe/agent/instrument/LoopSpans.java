package dev.backprobe.agent.instrument;

import java.util.function.ToIntFunction;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;

/**
 * Which instructions of a method lie inside a loop: between the target of a backward jump and the
 * jump itself. javac, ecj and kotlinc lay every {@code for}, {@code while} and {@code do} body out
 * contiguously between its head label and its back edge, so the spans cover loop bodies exactly;
 * an unusual layout at worst marks a few straight-line instructions as looping, which only means a
 * probe is left out (see {@link ProbeInjector}), never a wrong one put in.
 */
final class LoopSpans {
  private final boolean[] inLoop;

  private LoopSpans(boolean[] inLoop) {
    this.inLoop = inLoop;
  }

  /**
   * The loop spans of an instruction array (the method's instructions before injection), given
   * where each label sits in it (-1 when absent).
   */
  static LoopSpans of(AbstractInsnNode[] instructions, ToIntFunction<LabelNode> labelIndex) {
    // +1 where a span opens, -1 after it closes: one pass sums them into "inside some loop"
    int[] opened = new int[instructions.length + 1];
    for (int i = 0; i < instructions.length; i++) {
      if (instructions[i] instanceof JumpInsnNode jump) {
        int target = labelIndex.applyAsInt(jump.label);
        if (target >= 0 && target <= i) {
          opened[target]++;
          opened[i + 1]--;
        }
      }
    }
    boolean[] inLoop = new boolean[instructions.length];
    int depth = 0;
    for (int i = 0; i < instructions.length; i++) {
      depth += opened[i];
      inLoop[i] = depth > 0;
    }
    return new LoopSpans(inLoop);
  }

  /** Whether the instruction at this index of the original array is inside a loop. */
  boolean contains(int index) {
    return index >= 0 && index < inLoop.length && inLoop[index];
  }
}
