package dev.backprobe.agent.rt;

import java.util.Set;

/**
 * A method the transformer saw in an instrumented class.
 *
 * @param id index in {@link Sites}
 * @param owner the class, dotted ({@code pkg.Net})
 * @param name the method name
 * @param descriptor the JVM descriptor, e.g. {@code ([[D[[D)D}
 * @param file the source file name from debug info, or null
 * @param firstLine the first line number of its body, or 0
 * @param isStatic whether it has no receiver
 * @param tracked whether entry/exit probes were injected
 * @param traits what its bytecode showed
 */
public record MethodInfo(
    int id,
    String owner,
    String name,
    String descriptor,
    String file,
    int firstLine,
    boolean isStatic,
    boolean tracked,
    Set<MethodTrait> traits) {

  /** {@code pkg.Net#loss}, the form findings use. */
  public String qualifiedName() {
    return owner + "#" + name;
  }

  public boolean has(MethodTrait trait) {
    return traits.contains(trait);
  }
}
