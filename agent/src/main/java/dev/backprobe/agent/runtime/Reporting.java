package dev.backprobe.agent.runtime;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.trace.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Rules, files and the console summary: the seam over {@code RulesEngine}, {@code TraceIO}, {@code
 * FindingsIO} and the reports module.
 */
public interface Reporting {

  List<Finding> evaluate(Trace trace);

  /** Writes {@code trace.json}, {@code findings.json} and (when available) {@code report.html}. */
  void write(Path out, Trace trace, FindingsDocument findings) throws IOException;

  /** A few lines for stderr. */
  String summary(Trace trace, FindingsDocument findings, Path out);
}
