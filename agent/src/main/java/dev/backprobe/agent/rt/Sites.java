package dev.backprobe.agent.rt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The table of instrumented methods and store sites. The transformer appends while classes load
 * (possibly on several threads); the runtime looks entries up by the ids baked into the probes.
 */
public final class Sites {
  private static final List<MethodInfo> METHODS = new ArrayList<>();
  private static final List<StoreSite> STORES = new ArrayList<>();

  private Sites() {}

  /** Registers a method and returns its id. */
  public static synchronized int addMethod(
      String owner,
      String name,
      String descriptor,
      String file,
      int firstLine,
      boolean isStatic,
      boolean tracked,
      Set<MethodTrait> traits) {
    int id = METHODS.size();
    METHODS.add(
        new MethodInfo(
            id, owner, name, descriptor, file, firstLine, isStatic, tracked, Set.copyOf(traits)));
    return id;
  }

  /** Registers a store site and returns its id. */
  public static synchronized int addStore(int methodId, String local, String descriptor, int line) {
    int id = STORES.size();
    STORES.add(new StoreSite(id, methodId, local, descriptor, line));
    return id;
  }

  public static synchronized MethodInfo method(int id) {
    return METHODS.get(id);
  }

  public static synchronized StoreSite store(int id) {
    return STORES.get(id);
  }

  public static synchronized List<MethodInfo> methods() {
    return List.copyOf(METHODS);
  }

  public static synchronized int methodCount() {
    return METHODS.size();
  }
}
