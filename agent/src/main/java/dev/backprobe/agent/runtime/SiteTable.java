package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.Sites;
import dev.backprobe.agent.rt.StoreSite;

/** Looks up what the transformer registered; a seam so that tests can feed events with fake sites. */
public interface SiteTable {

  MethodInfo method(int id);

  StoreSite store(int id);

  int methodCount();

  /** The global {@link Sites} table the transformer fills. */
  SiteTable GLOBAL =
      new SiteTable() {
        @Override
        public MethodInfo method(int id) {
          return Sites.method(id);
        }

        @Override
        public StoreSite store(int id) {
          return Sites.store(id);
        }

        @Override
        public int methodCount() {
          return Sites.methodCount();
        }
      };
}
