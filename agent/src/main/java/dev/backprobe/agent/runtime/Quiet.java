package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.Bridge;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Runs the agent's own calls into trainer code (loss replay, probing) with the bridge muted and
 * {@code System.out}/{@code System.err} swallowed, so that the trainer's output stays byte-identical
 * and the replay is not recorded.
 */
final class Quiet {

  private static final PrintStream NULL =
      new PrintStream(OutputStream.nullOutputStream(), false);

  private Quiet() {}

  static <T> T call(Callable<T> body) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Bridge.mute();
    try {
      out.flush();
      System.setOut(NULL);
      System.setErr(NULL);
      return body.call();
    } finally {
      System.setOut(out);
      System.setErr(err);
      Bridge.unmute();
    }
  }
}
