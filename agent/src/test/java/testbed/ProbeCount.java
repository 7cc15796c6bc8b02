package testbed;

import dev.backprobe.agent.rt.Bridge;
import dev.backprobe.agent.rt.ProbeListener;
import dev.backprobe.agent.rt.Sites;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run only under {@code -javaagent}: installs its own listener, trains, and prints to stderr how
 * many probe events of each kind it saw, proving the real agent path instruments and fires.
 */
public final class ProbeCount {
  private ProbeCount() {}

  public static void main(String[] args) {
    AtomicInteger enters = new AtomicInteger();
    AtomicInteger stores = new AtomicInteger();
    AtomicInteger scalars = new AtomicInteger();
    Bridge.install(
        new ProbeListener() {
          @Override
          public void onEnter(int methodId, Object receiver, Object[] a) {
            enters.incrementAndGet();
          }

          @Override
          public void onExit(int methodId, Object returned) {}

          @Override
          public void onStore(int siteId, Object value) {
            stores.incrementAndGet();
          }

          @Override
          public void onScalarArgument(int methodId, double argument) {
            scalars.incrementAndGet();
          }
        });
    System.out.print(TinyNet.train(3));
    System.err.println(
        "probes enters=" + enters + " stores=" + stores + " scalars=" + scalars
            + " methods=" + Sites.methodCount());
  }
}
