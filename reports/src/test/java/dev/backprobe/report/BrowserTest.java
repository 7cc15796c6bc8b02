package dev.backprobe.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.RuleId;
import dev.backprobe.findings.Severity;
import dev.backprobe.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a rendered report in headless Chromium from disk: no console errors, no failed loads, no
 * horizontal overflow on a phone-sized screen; screenshots land in {@code reports/target/}. Skipped,
 * saying why, where no Chromium is installed ({@code .ci/run} installs the Debian package).
 */
class BrowserTest {

  private static final Path TARGET = Path.of("target");

  private static String chromium;

  @BeforeAll
  static void findChromium() {
    chromium = CdpClient.locateChromium().orElse(null);
  }

  private static void assumeBrowser() {
    assumeTrue(chromium != null, "no headless browser: none of chromium, chromium-browser, "
        + "google-chrome is on the PATH (install the Debian package 'chromium', as .ci/run does, "
        + "or set BACKPROBE_CHROMIUM)");
  }

  /** A trace shaped like seed 004: a 784-300-75-10 ReLU MLP with a matrix-wide softmax. */
  private static Path renderSeed004Like(Path dir) throws Exception {
    SyntheticTrace t = new SyntheticTrace().owner("mnist.Network").file("Network.java")
        .layers(784, 300, 75, 10).hiddenKind("relu")
        .steps(2000, 1, 2, 3, 5, 10, 20, 50, 100, 200, 300, 500, 800, 1000, 1500, 2000);
    Trace trace = t.build();
    List<Finding> findings = new ArrayList<>();
    findings.add(new Finding(RuleId.SOFTMAX_SHAPE.id(), Severity.ERROR, 1, t.activation(3),
        t.at("softmax", 41),
        "softmax rows sum to 0.033, the whole 30×10 matrix sums to 1: it normalises over the "
            + "batch, not per example",
        "normalise each row: divide exp(z[i][j]) by the sum over j of row i",
        Map.of("rowSumMin", 0.021, "rowSumMax", 0.047, "total", 1.0, "threshold", 1e-6)));
    findings.add(new Finding(RuleId.GRADIENT_MISMATCH.id(), Severity.ERROR, 1, t.bias(3),
        t.at("train", 77),
        "the update of b3 disagrees with the numeric gradient: cos(Δb3, −∇L) = 0.80",
        "accumulate the bias deltas over the batch (+=), do not assign them",
        Map.of("cos", 0.8, "relativeError", 0.41, "threshold", 0.99)));
    findings.add(new Finding(RuleId.GRADIENT_MISMATCH.id(), Severity.WARNING, 1, t.weight(3),
        t.at("train", 70),
        "the update of w3 is off the numeric gradient: cos = 0.98, relative error 0.2",
        "the output error uses the MSE-through-softmax Jacobian while the loss is cross-entropy",
        Map.of("cos", 0.98, "relativeError", 0.2)));
    findings.add(new Finding(RuleId.DEAD_RELU.id(), Severity.INFO, 5, t.activation(1),
        t.at("forward", 31), "1 of 300 units of a1 never fires", null, Map.of("deadShare", 0.0033)));
    FindingsDocument doc = t.document(findings);
    Path sources = dir.resolve("src/main/java/mnist");
    Files.createDirectories(sources);
    StringBuilder code = new StringBuilder("package mnist;\n\nclass Network {\n");
    for (int i = 4; i <= 100; i++) {
      code.append(i == 41 ? "    out[i][j] = Math.exp(z[i][j]) / total; // whole matrix\n"
          : "    // line " + i + "\n");
    }
    Files.writeString(sources.resolve("Network.java"), code.append("}\n"));
    return HtmlReport.write(trace, doc, ReportOptions.onlySources(List.of(dir.resolve("src"))),
        TARGET.resolve("browser/report.html"));
  }

  @Test
  void should_open_the_report_without_console_errors_and_take_screenshots(@TempDir Path dir)
      throws Exception {
    assumeBrowser();
    Path report = renderSeed004Like(dir);
    try (CdpClient browser = CdpClient.launch(chromium, dir.resolve("profile"))) {
      browser.openTab(1280, 900);

      browser.navigate(report.toUri().toString());

      assertThat(browser.evaluate("document.querySelectorAll('svg.chart').length").asInt())
          .isGreaterThan(10);
      assertThat(browser.evaluate("document.getElementById('verdict').innerText").asText())
          .contains("2 errors", "softmax-shape", "Network.java:41", "whole matrix");
      Files.write(TARGET.resolve("report-screenshot.png"), browser.screenshot(false));
      Files.write(TARGET.resolve("report-screenshot-full.png"), browser.screenshot(true));
      for (String section : List.of("findings", "loss", "tensors", "activations", "units",
          "checks", "run")) {
        browser.evaluate("document.getElementById('" + section + "').scrollIntoView()");
        Files.write(TARGET.resolve("report-screenshot-" + section + ".png"),
            browser.screenshot(false));
      }

      browser.viewport(390, 844);
      browser.navigate(report.toUri().toString());
      // readable on a phone: nothing wider than the screen forces sideways scrolling of the page
      assertThat(browser.evaluate("document.documentElement.scrollWidth").asInt())
          .isLessThanOrEqualTo(390);
      Files.write(TARGET.resolve("report-screenshot-narrow.png"), browser.screenshot(false));

      assertThat(browser.errors()).isEmpty();
    }
    assertThat(Files.size(TARGET.resolve("report-screenshot.png"))).isGreaterThan(10_000);
  }

  @Test
  void should_catch_console_errors_and_failed_loads_when_a_page_has_them(@TempDir Path dir)
      throws Exception {
    assumeBrowser();
    Path page = dir.resolve("bad.html");
    Files.writeString(page, "<!DOCTYPE html><html><head><title>bad</title></head><body>"
        + "<script>console.error('boom'); undefinedFunction();</script>"
        + "<img src='missing.png'></body></html>", StandardCharsets.UTF_8);
    try (CdpClient browser = CdpClient.launch(chromium, dir.resolve("profile"))) {
      browser.openTab(800, 600);

      browser.navigate(page.toUri().toString());
      Thread.sleep(500); // a failed image load is reported just after the load event

      assertThat(browser.errors()).anySatisfy(e -> assertThat(e).contains("boom"))
          .anySatisfy(e -> assertThat(e).contains("undefinedFunction"))
          .anySatisfy(e -> assertThat(e).contains("missing.png"));
    }
  }
}
