package dev.backprobe.samples.data;

import java.io.IOException;

/** A file that is not a well-formed IDX file; the message names the file and what was wrong. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }
}
