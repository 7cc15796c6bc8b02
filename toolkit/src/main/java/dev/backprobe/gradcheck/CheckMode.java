package dev.backprobe.gradcheck;

/** How a tensor's numeric gradient was estimated. */
public enum CheckMode {
  /** Central difference on every coordinate (small tensors). */
  COORDINATES,
  /** Central differences along a few random unit directions and along the update itself. */
  DIRECTIONS
}
