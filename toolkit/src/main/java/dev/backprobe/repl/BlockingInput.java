package dev.backprobe.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import org.jline.utils.NonBlockingInputStream;

/**
 * Piped or scripted input for a dumb terminal, read on the caller's thread. JLine otherwise wraps a
 * plain stream with a reader thread whose hand-over can stall under load; for input that is not a
 * console, a blocking read (timeouts ignored) is what is wanted anyway.
 */
final class BlockingInput extends NonBlockingInputStream {

  private final InputStream in;
  private int peeked = READ_EXPIRED;

  BlockingInput(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(long timeout, boolean isPeek) throws IOException {
    if (Thread.interrupted()) {
      // Ctrl-C: the terminal raised INT and the line reader interrupted this thread
      throw new InterruptedIOException();
    }
    if (peeked == READ_EXPIRED) {
      peeked = in.read();
    }
    int b = peeked;
    if (!isPeek) {
      peeked = READ_EXPIRED;
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
