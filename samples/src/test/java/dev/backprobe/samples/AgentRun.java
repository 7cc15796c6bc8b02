package dev.backprobe.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One sample run twice in forked JVMs, without and with {@code -javaagent:backprobe-agent.jar}, as
 * a user would run it: the stdout of both, and the findings the agent wrote into {@code out}.
 */
record AgentRun(
    String main, int exitCode, String stdoutWithout, String stdoutWithAgent, String stderr,
    FindingsDocument document, Path out) {

  /**
   * A sample that has not finished in this time is stuck: the slowest (seed 001's answer variant,
   * 10 full-batch MNIST steps verified coordinate by coordinate) takes about 20 s on 2 busy cores.
   */
  private static final long TIMEOUT_SECONDS = 300;

  static AgentRun of(String main) throws IOException, InterruptedException {
    Path out = Files.createTempDirectory(workDir(), "agent-");
    Forked without = fork(List.of("-cp", classes(), main));
    Forked with = fork(List.of("-javaagent:" + agentJar() + "=out=" + out, "-cp", classes(), main));
    if (with.exitCode != 0) {
      throw new AssertionError(main + " exited with " + with.exitCode + " under the agent:\n"
          + with.stderr);
    }
    return new AgentRun(main, with.exitCode, without.stdout, with.stdout, with.stderr,
        SamplesUnderAgentIT.read(out), out);
  }

  /** The main classes of the catalogue the demo runs. */
  static List<String> catalogue() {
    List<String> mains = new ArrayList<>();
    try (InputStream in = AgentRun.class.getResourceAsStream("catalog.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] fields = line.split("\t");
        if (fields.length >= 3 && !line.startsWith("#")) {
          mains.add(fields[2]);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("no catalog.tsv on the class path", e);
    }
    return mains;
  }

  List<Finding> findings() {
    return document.findings();
  }

  List<String> rules() {
    return findings().stream().map(Finding::rule).distinct().toList();
  }

  List<String> subjects(String rule) {
    return findings().stream().filter(f -> f.rule().equals(rule)).map(Finding::subject).toList();
  }

  /** The first finding of {@code rule} whose subject matches; fails listing them all. */
  Finding first(String rule, Predicate<String> subject) {
    return findings().stream()
        .filter(f -> f.rule().equals(rule) && f.subject() != null && subject.test(f.subject()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(main + ": no " + rule + " finding on the expected"
            + " subject; " + describe()));
  }

  /**
   * The finding points into {@code file}, at {@code method}, on a line of that method: its
   * declaration is the line itself or one of the two above it (a location names the method's
   * first line, or a line inside it).
   */
  void assertLocated(Finding finding, String file, String method) throws IOException {
    assertThat(finding.location()).as(main + " " + finding.rule() + " location").isNotNull();
    assertThat(finding.location().file()).as(finding.rule() + " file").isEqualTo(file);
    assertThat(finding.location().method()).as(finding.rule() + " method").isEqualTo(method);
    assertThat(finding.location().line()).as(finding.rule() + " line").isPositive();
    String declaration = method + "(";
    assertThat(List.of(source(finding, 0), source(finding, -1), source(finding, -2)))
        .as(finding.rule() + " at " + file + ":" + finding.location().line() + " is in " + method)
        .anyMatch(line -> line.contains(declaration));
  }

  /** The sample's source line at the finding's line plus {@code offset}, or "" outside the file. */
  String source(Finding finding, int offset) throws IOException {
    String owner = finding.location().className();
    Path file = Path.of(System.getProperty("backprobe.samplesSources", "src/main/java"))
        .resolve(owner.substring(0, owner.lastIndexOf('.')).replace('.', '/'))
        .resolve(finding.location().file());
    List<String> lines = Files.readAllLines(file);
    int index = finding.location().line() - 1 + offset;
    return index >= 0 && index < lines.size() ? lines.get(index) : "";
  }

  /** The number on the sample's {@code final loss:} line. */
  double finalLoss() {
    return new SampleRun(stdoutWithout.lines().toList()).finalLoss();
  }

  String describe() {
    return main + " " + SamplesUnderAgentIT.list(findings());
  }

  // ---- forking -----------------------------------------------------------------------------------

  private record Forked(int exitCode, String stdout, String stderr) {}

  private static Forked fork(List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(arguments);
    // Files, not pipes: nothing can block the child, and the timeout holds even if it hangs.
    Path outFile = Files.createTempFile(workDir(), "stdout-", ".txt");
    Path errFile = Files.createTempFile(workDir(), "stderr-", ".txt");
    Process process = new ProcessBuilder(command)
        .directory(workDir().toFile())
        .redirectOutput(outFile.toFile())
        .redirectError(errFile.toFile())
        .start();
    process.getOutputStream().close();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in "
          + TIMEOUT_SECONDS + " s");
    }
    return new Forked(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
  }

  /** Forked runs work in target/it-work, so that nothing is written outside target/. */
  private static Path workDir() throws IOException {
    return Files.createDirectories(Path.of("target", "it-work").toAbsolutePath());
  }

  private static String classes() {
    return Path.of(System.getProperty("backprobe.samplesClasses", "target/classes"))
        .toAbsolutePath().toString();
  }

  private static Path agentJar() {
    Path jar = Path.of(System.getProperty("backprobe.agentJar",
        "../agent/target/backprobe-agent.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run through 'mvn verify'");
    }
    return jar;
  }
}
