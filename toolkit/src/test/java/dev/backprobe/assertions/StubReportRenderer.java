package dev.backprobe.assertions;

import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.trace.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A renderer registered as a service for the toolkit's tests: proves the seam is used. */
public class StubReportRenderer implements ReportRenderer {

  @Override
  public void render(Trace trace, FindingsDocument findings, Path file) throws IOException {
    Files.writeString(file, "<html><body>" + findings.findings().size() + " findings for "
        + trace.run().main() + "</body></html>", StandardCharsets.UTF_8);
  }
}
