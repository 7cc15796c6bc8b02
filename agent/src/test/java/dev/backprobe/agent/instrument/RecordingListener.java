package dev.backprobe.agent.instrument;

import dev.backprobe.agent.rt.ProbeListener;
import dev.backprobe.agent.rt.Sites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writes every probe event as a line ({@code enter pkg.C#m args=[…]}) for the tests to read. */
final class RecordingListener implements ProbeListener {
  final List<String> events = new ArrayList<>();
  final List<Object> stored = new ArrayList<>();

  @Override
  public synchronized void onEnter(int methodId, Object receiver, Object[] args) {
    events.add(
        "enter "
            + Sites.method(methodId).qualifiedName()
            + (receiver == null ? " static" : " this")
            + (args == null ? "" : " args=" + Arrays.deepToString(args)));
  }

  @Override
  public synchronized void onExit(int methodId, Object returned) {
    String value =
        returned instanceof double[] d
            ? Arrays.toString(d)
            : returned instanceof float[] f ? Arrays.toString(f) : String.valueOf(returned);
    events.add("exit " + Sites.method(methodId).qualifiedName() + " " + value);
  }

  @Override
  public synchronized void onStore(int siteId, Object value) {
    var site = Sites.store(siteId);
    events.add(
        "store "
            + Sites.method(site.methodId()).qualifiedName()
            + " "
            + site.local()
            + ":"
            + site.line());
    stored.add(value);
  }

  @Override
  public synchronized void onScalarArgument(int methodId, double argument) {
    events.add("scalar " + Sites.method(methodId).qualifiedName() + " " + argument);
  }

  synchronized List<String> matching(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }
}
