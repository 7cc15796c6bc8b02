package dev.backprobe.trace;

/**
 * Where a NaN or infinity first appeared.
 *
 * @param tensor the tensor's name
 * @param location the method and line that produced it
 * @param nanCount NaN values in it
 * @param infCount infinite values in it
 */
public record NanOrigin(String tensor, SourceLocation location, long nanCount, long infCount) {}
