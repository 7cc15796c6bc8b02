package dev.backprobe.agent.rt;

/**
 * A place where an instrumented method stores a reference into a local variable.
 *
 * @param id index in {@link Sites}
 * @param methodId the method it is in
 * @param local the variable's name from debug info, or {@code local<N>} without it
 * @param descriptor the variable's type when known (e.g. {@code [[D}), else null
 * @param line the source line, or 0
 */
public record StoreSite(int id, int methodId, String local, String descriptor, int line) {}
