package dev.backprobe.agent.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread's stack of tracked frames. An exception that unwinds frames sends no exit events, so an
 * exit pops every frame above the one it belongs to (those frames were abandoned); an exit whose
 * frame is not on the stack (entered before recording started, or while muted) is ignored.
 */
final class CallStack {
  private final List<Frame> frames = new ArrayList<>();

  void push(Frame frame) {
    frames.add(frame);
  }

  /**
   * Pops the innermost frame of this method and every frame above it.
   *
   * @param abandoned receives the frames above it, innermost first (unwound by an exception)
   * @return the frame that exits, or null when no frame of this method is on the stack
   */
  Frame popExit(int methodId, List<Frame> abandoned) {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).id() == methodId) {
        for (int j = frames.size() - 1; j > i; j--) {
          abandoned.add(frames.remove(j));
        }
        return frames.remove(i);
      }
    }
    return null;
  }

  /** Removes a frame and everything above it (innermost first into {@code abandoned}). */
  void unwindTo(Frame frame, List<Frame> abandoned) {
    int i = frames.lastIndexOf(frame);
    if (i < 0) {
      return;
    }
    for (int j = frames.size() - 1; j >= i; j--) {
      abandoned.add(frames.remove(j));
    }
  }

  Frame top() {
    return frames.isEmpty() ? null : frames.get(frames.size() - 1);
  }

  /** The innermost frame of this method, or null. */
  Frame find(int methodId) {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).id() == methodId) {
        return frames.get(i);
      }
    }
    return null;
  }

  /** Frames from the outermost to the innermost (a copy). */
  List<Frame> frames() {
    return new ArrayList<>(frames);
  }

  int depth() {
    return frames.size();
  }

  void clear() {
    frames.clear();
  }
}
