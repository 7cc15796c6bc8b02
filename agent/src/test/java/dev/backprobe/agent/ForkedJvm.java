package dev.backprobe.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a fresh JVM (the one running the tests) and keeps what it printed. */
public final class ForkedJvm {
  /** A forked trainer that does not finish in this time is stuck; generous for a shared CI box. */
  private static final long TIMEOUT_SECONDS = 120;

  public record Result(int exitCode, String stdout, String stderr) {
    public List<String> stderrLines() {
      return stderr.lines().toList();
    }
  }

  private ForkedJvm() {}

  public static Path agentJar() {
    Path jar = Path.of(System.getProperty("backprobe.agentJar", "target/backprobe-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run through 'mvn verify'");
    }
    return jar.toAbsolutePath();
  }

  public static Path testClasses() {
    return Path.of(System.getProperty("backprobe.testClasses", "target/test-classes"))
        .toAbsolutePath();
  }

  public static Result run(List<String> jvmArguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArguments);
    // Run in target/it-work so that reports written to the default out folder stay in target/.
    Path workDir = Files.createDirectories(Path.of("target", "it-work"));
    Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
    process.getOutputStream().close(); // no input: a trainer waiting for stdin ends at once
    var out = process.getInputStream();
    var err = process.getErrorStream();
    // Read stderr on its own thread so neither pipe can fill up and block the child.
    StringBuilder stderr = new StringBuilder();
    Thread errReader =
        new Thread(
            () -> {
              try {
                stderr.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // the process died; what was read is kept
              }
            });
    errReader.start();
    String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("forked JVM timed out: " + command);
    }
    errReader.join();
    return new Result(process.exitValue(), stdout, stderr.toString());
  }
}
