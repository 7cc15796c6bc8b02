package dev.backprobe.report.page;

import dev.backprobe.report.html.HtmlWriter;
import dev.backprobe.trace.RunInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page skeleton: head with the inlined stylesheet, a header naming the run, a table of contents,
 * then the sections in reading order (verdict, findings, charts, tables, run facts).
 */
public final class ReportPage {

  private static final String STYLESHEET = "/dev/backprobe/report/report.css";

  private static final String[][] CONTENTS = {
    {"verdict", "Verdict"},
    {"findings", "Findings"},
    {"loss", "Loss"},
    {"updates", "Update ratios"},
    {"tensors", "Tensors"},
    {"activations", "Activations"},
    {"units", "Unit activity"},
    {"checks", "Gradient checks"},
    {"probes", "Functions"},
    {"run", "Run"},
  };

  private ReportPage() {}

  /** Writes the whole page. */
  public static void write(HtmlWriter w, ReportContext ctx) {
    w.doctype();
    w.open("html").attr("lang", "en");
    head(w, ctx);
    w.open("body");
    header(w, ctx);
    nav(w);
    w.open("main");
    VerdictSection.write(w, ctx);
    FindingsSection.write(w, ctx);
    LossSection.write(w, ctx);
    UpdateRatioSection.write(w, ctx);
    TensorSection.write(w, ctx);
    ActivationSection.writeHistograms(w, ctx);
    ActivationSection.writeHeatMaps(w, ctx);
    GradientCheckSection.write(w, ctx);
    ProbeSection.write(w, ctx);
    RunSection.write(w, ctx);
    w.close();
    footer(w, ctx);
    w.finish();
  }

  private static void head(HtmlWriter w, ReportContext ctx) {
    w.open("head");
    w.open("meta").attr("charset", "utf-8").close();
    w.open("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1")
        .close();
    // no network: the page must not even try to fetch a favicon
    w.open("link").attr("rel", "icon").attr("href", "data:,").close();
    w.element("title", "Backprobe report: " + subject(ctx));
    w.open("style").trustedRawText(stylesheet()).close();
    w.close();
  }

  private static void header(HtmlWriter w, ReportContext ctx) {
    w.open("header", "top");
    w.open("div", "brand").text("Backprobe").close();
    w.element("h1", subject(ctx));
    RunInfo run = ctx.index().run();
    if (run != null) {
      StringBuilder b = new StringBuilder();
      b.append(Format.count(run.steps(), "step"));
      b.append(" · ").append(Format.count(ctx.index().steps().size(), "captured step"));
      if (run.wallMillis() > 0) {
        b.append(" · ").append(Format.duration(run.wallMillis()));
      }
      if (run.jvm() != null) {
        b.append(" · ").append(run.jvm());
      }
      w.element("p", "meta", b.toString());
    }
    w.close();
  }

  private static String subject(ReportContext ctx) {
    RunInfo run = ctx.index().run();
    if (run != null && run.main() != null) {
      return run.main();
    }
    if (ctx.document() != null && ctx.document().target() != null
        && ctx.document().target().main() != null) {
      return ctx.document().target().main();
    }
    return "training run";
  }

  private static void nav(HtmlWriter w) {
    w.open("nav", "toc").attr("aria-label", "Contents");
    for (String[] entry : CONTENTS) {
      w.open("a").attr("href", "#" + entry[0]).text(entry[1]).close();
    }
    w.close();
  }

  private static void footer(HtmlWriter w, ReportContext ctx) {
    RunInfo run = ctx.index().run();
    String version = run != null && run.version() != null ? " " + run.version() : "";
    w.open("footer", "foot")
        .text("Written by Backprobe" + version + ". Self-contained: no scripts, no network.")
        .close();
  }

  static String stylesheet() {
    try (InputStream in = ReportPage.class.getResourceAsStream(STYLESHEET)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + STYLESHEET);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
