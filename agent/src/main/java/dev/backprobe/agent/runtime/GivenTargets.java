package dev.backprobe.agent.runtime;

import dev.backprobe.agent.rt.MethodInfo;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why a {@code step=} or {@code loss=} named in the options was never called, from what the
 * instrumented classes hold under that name: a misspelt class or method should be named at the end
 * of the run, not leave a bare "no step found" that reads like a failure of discovery.
 */
final class GivenTargets {

  /** Method names listed when the class has no method of the given name. */
  static final int MAX_LISTED_METHODS = 12;

  private GivenTargets() {}

  /**
   * The reason, to follow "the given step=pkg.Net#fit was never called".
   *
   * @param qualified {@code Class#method} as given (binary class name, {@code $} for nested)
   */
  static String whyNeverCalled(String qualified, SiteTable sites) {
    int hash = qualified.indexOf('#');
    String owner = hash < 0 ? qualified : qualified.substring(0, hash);
    String name = hash < 0 ? "" : qualified.substring(hash + 1);
    Set<String> methodsOfOwner = new TreeSet<>();
    boolean anyClass = false;
    for (int id = 0; id < sites.methodCount(); id++) {
      MethodInfo m = sites.method(id);
      if (m == null) {
        continue;
      }
      anyClass = true;
      if (m.owner().equals(owner) && !m.name().startsWith("<")) {
        methodsOfOwner.add(m.name());
      }
    }
    if (!anyClass) {
      return "no class was instrumented: include matched none of the classes this JVM loaded";
    }
    if (methodsOfOwner.isEmpty()) {
      return "no instrumented class is named " + owner
          + " (give the binary name, with $ for a nested class, and check that include covers it)";
    }
    if (!methodsOfOwner.contains(name)) {
      return owner + " has no method " + name + "; its methods: " + listed(methodsOfOwner);
    }
    return "it is instrumented, but the trainer never called it";
  }

  private static String listed(Set<String> names) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (String n : names) {
      if (shown == MAX_LISTED_METHODS) {
        return sb.append(", … (").append(names.size() - shown).append(" more)").toString();
      }
      sb.append(shown++ == 0 ? "" : ", ").append(n);
    }
    return sb.toString();
  }
}
