package dev.backprobe.assertions;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds a {@link ReportRenderer}: a service first, then {@code HtmlReport} by reflection. */
final class ReportRenderers {

  static final String HTML_REPORT = "dev.backprobe.report.HtmlReport";
  static final String REPORT_OPTIONS = "dev.backprobe.report.ReportOptions";

  private ReportRenderers() {}

  static Optional<ReportRenderer> find(ClassLoader loader) {
    Iterator<ReportRenderer> services = ServiceLoader.load(ReportRenderer.class, loader).iterator();
    if (services.hasNext()) {
      return Optional.of(services.next());
    }
    return reflective(loader);
  }

  /** {@code HtmlReport.write(trace, findings, ReportOptions.defaults(), file)}, if on the path. */
  private static Optional<ReportRenderer> reflective(ClassLoader loader) {
    try {
      Class<?> report = Class.forName(HTML_REPORT, true, loader);
      Class<?> options = Class.forName(REPORT_OPTIONS, true, loader);
      Method defaults = options.getMethod("defaults");
      Method write = report.getMethod("write",
          dev.backprobe.trace.Trace.class, dev.backprobe.findings.FindingsDocument.class, options,
          Path.class);
      return Optional.of((trace, findings, file) -> {
        try {
          write.invoke(null, trace, findings, defaults.invoke(null), file);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          throw new java.io.IOException("the HTML report failed: " + cause, cause);
        } catch (IllegalAccessException e) {
          throw new java.io.IOException("the HTML report cannot be called: " + e, e);
        }
      });
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
