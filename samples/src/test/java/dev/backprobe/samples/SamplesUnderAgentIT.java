package dev.backprobe.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.findings.Severity;
import dev.backprobe.report.CdpClient;
import dev.backprobe.report.HtmlReport;
import dev.backprobe.trace.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every sample under the real agent jar, in a forked JVM, against the ground truth of
 * {@code samples/README.md}: the rules each run must report, on the right tensor or method and
 * line; the fixed twins clean and far lower; stdout byte-identical with and without the agent.
 * Each sample runs once with and once without the agent; the test methods share the runs.
 */
class SamplesUnderAgentIT {

  private static final String PKG = "dev.backprobe.samples.";
  private static final Map<String, AgentRun> RUNS = new ConcurrentHashMap<>();

  /** A fixed twin's final loss is at most this share of the buggy run's: "far below". */
  private static final double FAR_BELOW = 0.25;

  /** Issue #5: the seed-004 report is at most 2 MB. */
  private static final long REPORT_MAX_BYTES = 2L * 1024 * 1024;

  private static AgentRun run(String main) {
    return RUNS.computeIfAbsent(main, m -> {
      try {
        return AgentRun.of(PKG + m);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("could not run " + m, e);
      }
    });
  }

  // ---- seed 000: 2·Σ(y − a) climbs the loss ------------------------------------------------------

  @Test
  void should_report_a_climbing_update_divergence_and_saturation_on_seed_000() throws IOException {
    AgentRun run = run("seed000.Seed000Posted");

    assertThat(run.subjects("gradient-sign")).as(run.describe())
        .anyMatch(endsWith(".w1")).anyMatch(endsWith(".w2"));
    run.assertLocated(run.first("gradient-sign", endsWith(".w1")), "Network.java", "trainStep");
    assertThat(run.first("gradient-sign", endsWith(".w1")).evidence().get("cos"))
        .as(run.describe()).isInstanceOfSatisfying(Double.class, c -> assertThat(c).isLessThan(-0.99));
    run.assertLocated(run.first("loss-divergence", endsWith("#loss")), "Network.java", "loss");
    run.assertLocated(run.first("saturation", s -> true), "Network.java", "sigmoid");
  }

  @Test
  void should_report_the_same_climb_on_the_accepted_answer_of_seed_000() {
    AgentRun run = run("seed000.Seed000Answer");

    assertThat(run.subjects("gradient-sign")).as(run.describe())
        .anyMatch(endsWith(".w1")).anyMatch(endsWith(".w2"));
  }

  // ---- seed 001: no learning rate, summed over the batch ---------------------------------------

  @Test
  void should_report_exploding_weights_then_saturation_and_no_sign_error_on_seed_001()
      throws IOException {
    AgentRun run = run("seed001.Seed001Posted");

    run.assertLocated(run.first("exploding-weights", endsWith(".weights1")),
        "DigitNetwork.java", "train");
    run.assertLocated(run.first("saturation", s -> s.contains("trainedHidden")),
        "DigitNetwork.java", "train");
    // the layers, not the output error times the vanished derivative (which holds the saturated
    // outputs' values bit for bit, and was once taken for a sigmoid)
    assertThat(run.subjects("saturation")).as(run.describe())
        .anyMatch(s -> s.contains("trainedOutputs"))
        .noneMatch(s -> s.contains("oAdjustments"));
    assertThat(run.rules()).as(run.describe()).doesNotContain("gradient-sign");
  }

  @Test
  void should_report_a_climbing_update_on_the_accepted_answer_of_seed_001() {
    AgentRun run = run("seed001.Seed001Answer");

    assertThat(run.subjects("gradient-sign")).as(run.describe())
        .anyMatch(endsWith(".weights1")).anyMatch(endsWith(".weights2"));
  }

  // ---- seed 002: dersgm = −σ', fed σ(z) ------------------------------------------------------------

  @Test
  void should_report_the_wrong_derivative_and_the_climbing_hidden_update_on_seed_002()
      throws IOException {
    AgentRun run = run("seed002.Seed002Posted");

    Finding derivative = run.first("derivative-mismatch", endsWith("#dersgm"));
    run.assertLocated(derivative, "NeuralNetwork.java", "dersgm");
    assertThat(derivative.severity()).isEqualTo(Severity.ERROR);
    assertThat(derivative.message()).as(run.describe()).contains("sign", "output");
    assertThat(run.subjects("gradient-sign")).as(run.describe())
        .anyMatch(endsWith(".weights[0]"));
    run.assertLocated(run.first("gradient-sign", endsWith(".weights[0]")),
        "NeuralNetwork.java", "backpropogate");
  }

  // ---- seed 003: a leaky ReLU on the regression output, lr 1e-6 --------------------------------

  @Test
  void should_report_the_output_activation_and_tiny_updates_and_no_false_mismatch_on_seed_003()
      throws IOException {
    AgentRun run = run("seed003.Seed003Posted");

    run.assertLocated(run.first("output-activation", s -> true), "SubScript.java", "map");
    run.assertLocated(run.first("tiny-update", s -> true), "SquareFit.java", "iterate");
    assertThat(run.rules()).as(run.describe()).doesNotContain("gradient-mismatch", "gradient-sign");
  }

  // ---- seed 004: softmax over the whole batch, bias deltas assigned ----------------------------

  @Test
  void should_report_the_batch_softmax_and_mismatched_bias_and_weight_updates_on_seed_004()
      throws IOException {
    AgentRun run = run("seed004.Seed004Posted");

    Finding softmax = run.first("softmax-shape", s -> s.contains("softmax"));
    run.assertLocated(softmax, "Mlp.java", "softmax");
    // The location is the method's first body line; its signature is one or two lines above.
    assertThat(List.of(run.source(softmax, -1), run.source(softmax, -2)))
        .as("the matrix softmax, not the one of a vector")
        .anyMatch(line -> line.contains("softmax(double[][]"));
    assertThat(run.subjects("gradient-mismatch")).as(run.describe())
        .anyMatch(s -> s.contains(".bias")).anyMatch(s -> s.contains(".weights"));
  }

  @Test
  void should_open_the_seed_004_report_in_a_headless_browser_without_console_errors()
      throws Exception {
    Optional<String> chromium = CdpClient.locateChromium();
    assumeTrue(chromium.isPresent(), "no headless browser: none of chromium, chromium-browser,"
        + " google-chrome is on the PATH (.ci/run installs the Debian package chromium)");
    AgentRun run = run("seed004.Seed004Posted");
    Path report = run.out().resolve(HtmlReport.FILE_NAME);

    assertThat(Files.size(report)).as("report size").isLessThanOrEqualTo(REPORT_MAX_BYTES);
    try (CdpClient browser =
        CdpClient.launch(chromium.get(), Files.createTempDirectory(run.out(), "chromium-"))) {
      browser.openTab(1280, 900);
      browser.navigate(report.toUri().toString());

      assertThat(browser.evaluate("document.getElementById('verdict').innerText").asText())
          .contains("softmax-shape", "Mlp.java:");
      assertThat(browser.evaluate("document.querySelectorAll('svg.chart').length").asInt())
          .isPositive();
      Files.write(
          Files.createDirectories(Path.of("target")).resolve("seed004-report.png"),
          browser.screenshot(false));
      assertThat(browser.errors()).as("console errors and failed loads").isEmpty();
    }
  }

  // ---- the fixed twins -------------------------------------------------------------------------

  @Test
  void should_find_no_error_in_any_fixed_twin_and_a_final_loss_far_below_the_buggy_one() {
    for (String seed : List.of("000", "001", "002", "003", "004")) {
      AgentRun fixed = run("seed" + seed + ".Seed" + seed + "Fixed");
      AgentRun posted = run("seed" + seed + ".Seed" + seed + "Posted");

      assertThat(fixed.findings()).as("seed " + seed + " fixed: " + fixed.describe())
          .noneMatch(f -> f.severity() == Severity.ERROR);
      assertThat(fixed.finalLoss()).as("seed " + seed + " final loss, fixed vs posted")
          .isLessThan(FAR_BELOW * posted.finalLoss());
    }
  }

  // ---- the host is not touched -------------------------------------------------------------------

  @Test
  void should_print_byte_identical_output_with_and_without_the_agent() {
    for (String main : AgentRun.catalogue()) {
      AgentRun run = run(main.substring(PKG.length()));

      assertThat(run.exitCode()).as(main + " exit code with the agent").isZero();
      assertThat(run.stdoutWithAgent()).as(main + " stdout").isEqualTo(run.stdoutWithout());
    }
  }

  private static Predicate<String> endsWith(String suffix) {
    return s -> s.endsWith(suffix);
  }

  /** Builds the failure text once per call site; findings are few. */
  static String list(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.rule() + " " + f.severity() + " " + f.subject() + " @ " + where(f.location()))
        .collect(Collectors.joining("\n  ", "findings:\n  ", ""));
  }

  private static String where(SourceLocation l) {
    return l == null ? "-" : l.file() + ":" + l.line() + " (" + l.method() + ")";
  }

  static FindingsDocument read(Path out) throws IOException {
    Path file = out.resolve(FindingsIO.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("the agent wrote no " + file);
    }
    return FindingsIO.read(file);
  }
}
