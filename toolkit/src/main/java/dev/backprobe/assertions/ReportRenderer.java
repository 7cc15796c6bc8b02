package dev.backprobe.assertions;

import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam through which {@link BackprobeExtension} writes {@code report.html}: the HTML report
 * lives in the {@code backprobe-reports} module, which the toolkit cannot depend on. A module
 * provides an implementation as a {@link java.util.ServiceLoader} service ({@code
 * META-INF/services/dev.backprobe.assertions.ReportRenderer}); without one, the extension looks for
 * {@code dev.backprobe.report.HtmlReport} on the class path by reflection, and without that writes
 * only the JSON files.
 */
public interface ReportRenderer {

  /** Renders one trace and its findings to an HTML file. */
  void render(Trace trace, FindingsDocument findings, Path file) throws IOException;
}
