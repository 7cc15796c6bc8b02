package dev.backprobe.assertions;

import dev.backprobe.api.Verification;
import dev.backprobe.api.VerificationListeners;
import dev.backprobe.findings.FindingsIO;
import dev.backprobe.trace.TraceIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that remembers every {@link Verification} a test makes through {@link
 * dev.backprobe.api.Backprobe} and, when the test fails, writes each one's {@code findings.json},
 * {@code trace.json} and (when the reports module is on the class path, see {@link
 * ReportRenderer}) {@code report.html} under {@code target/backprobe/<Class>.<method>/}.
 *
 * <p>Stateless: what a test verified lives in the {@link ExtensionContext.Store} under a private
 * namespace. Writing never fails the test and never hides its own failure: a problem is published
 * as a report entry. The folder is {@value #DEFAULT_OUTPUT} unless the system property {@value
 * #OUTPUT_PROPERTY} names another.
 */
public class BackprobeExtension implements BeforeEachCallback, AfterEachCallback {

  /** System property naming the folder under which failing tests' findings are written. */
  public static final String OUTPUT_PROPERTY = "backprobe.output";

  /** Default folder, relative to the working directory (the module's folder under Maven). */
  public static final String DEFAULT_OUTPUT = "target/backprobe";

  /** Key of the report entries the extension publishes. */
  public static final String REPORT_ENTRY = "backprobe";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BackprobeExtension.class);
  private static final String RECORDING = "recording";
  private static final Pattern INVOCATION = Pattern.compile("invocation:#(\\d+)");

  @Override
  public void beforeEach(ExtensionContext context) {
    Recording recording = new Recording();
    recording.registration = VerificationListeners.listen(recording.verifications::add);
    context.getStore(NAMESPACE).put(RECORDING, recording);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Recording recording = context.getStore(NAMESPACE).remove(RECORDING, Recording.class);
    if (recording == null) {
      return;
    }
    recording.close();
    if (context.getExecutionException().isEmpty() || recording.verifications.isEmpty()) {
      return;
    }
    try {
      Path folder = folderFor(context);
      List<Path> written = write(recording.verifications, folder, context);
      context.publishReportEntry(REPORT_ENTRY, "findings written to " + written);
    } catch (IOException | RuntimeException e) {
      context.publishReportEntry(REPORT_ENTRY, "could not write the findings: " + e);
    }
  }

  /** {@code <output>/<Class>.<method>}, with {@code -<n>} for repeated and parameterized tests. */
  static Path folderFor(ExtensionContext context) {
    String base = System.getProperty(OUTPUT_PROPERTY, DEFAULT_OUTPUT);
    String name = context.getRequiredTestClass().getSimpleName()
        + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
    Matcher invocation = INVOCATION.matcher(context.getUniqueId());
    String suffix = "";
    while (invocation.find()) {
      suffix += "-" + invocation.group(1);
    }
    return Paths.get(base).resolve(sanitize(name + suffix));
  }

  private static List<Path> write(
      List<Verification> verifications, Path folder, ExtensionContext context)
      throws IOException {
    Optional<ReportRenderer> renderer =
        ReportRenderers.find(context.getRequiredTestClass().getClassLoader());
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < verifications.size(); i++) {
      Verification v = verifications.get(i);
      Path dir = verifications.size() == 1 ? folder : folder.resolve("verification-" + (i + 1));
      Files.createDirectories(dir);
      FindingsIO.write(v.findingsDocument(), dir.resolve(FindingsIO.FILE_NAME));
      TraceIO.write(v.trace(), dir.resolve(TraceIO.FILE_NAME));
      if (renderer.isPresent()) {
        try {
          renderer.get().render(v.trace(), v.findingsDocument(), dir.resolve("report.html"));
        } catch (IOException | RuntimeException | LinkageError e) {
          context.publishReportEntry(REPORT_ENTRY, "could not write report.html: " + e);
        }
      }
      written.add(dir.toAbsolutePath());
    }
    return written;
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** What one test verified; closing it removes the thread's listener. */
  private static final class Recording implements AutoCloseable {
    final List<Verification> verifications = new ArrayList<>();
    VerificationListeners.Registration registration;

    @Override
    public void close() {
      if (registration != null) {
        registration.close();
        registration = null;
      }
    }
  }
}
