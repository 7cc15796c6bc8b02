package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.MethodTrait;
import dev.backprobe.agent.rt.StoreSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A site table filled by hand, as the transformer would for the test's classes. */
public final class FakeSites implements SiteTable {
  private final List<MethodInfo> methods = new ArrayList<>();
  private final List<StoreSite> stores = new ArrayList<>();

  public int method(Class<?> owner, String name, String descriptor, boolean isStatic, MethodTrait... traits) {
    int id = methods.size();
    methods.add(
        new MethodInfo(
            id,
            owner.getName(),
            name,
            descriptor,
            owner.getSimpleName() + ".java",
            10 + id,
            isStatic,
            true,
            traits.length == 0 ? Set.of() : Set.of(traits)));
    return id;
  }

  public int store(int methodId, String local, int line) {
    int id = stores.size();
    stores.add(new StoreSite(id, methodId, local, "[D", line));
    return id;
  }

  @Override
  public MethodInfo method(int id) {
    return methods.get(id);
  }

  @Override
  public StoreSite store(int id) {
    return stores.get(id);
  }

  @Override
  public int methodCount() {
    return methods.size();
  }
}
