package dev.backprobe.report.page;

import dev.backprobe.findings.Finding;
import dev.backprobe.findings.FindingsDocument;
import dev.backprobe.findings.Severity;
import dev.backprobe.report.source.SourceLocator;
import dev.backprobe.trace.Trace;
import java.util.List;
import java.util.Objects;

/** Everything the sections of one page share: the indexed trace, the findings, anchors, sources. */
public final class ReportContext {

  private final TraceIndex index;
  private final FindingsDocument document;
  private final List<Finding> findings;
  private final Anchors anchors;
  private final SourceLocator sources;
  private final List<String> cardTensors;

  public ReportContext(Trace trace, FindingsDocument document, SourceLocator sources) {
    this.index = new TraceIndex(trace);
    this.document = document;
    this.findings =
        document == null || document.findings() == null
            ? List.of()
            : document.findings().stream().filter(Objects::nonNull).toList();
    this.anchors = new Anchors(index);
    this.sources = sources;
    this.cardTensors = TensorSection.cardTensors(index);
    cardTensors.forEach(anchors::markCard);
  }

  public TraceIndex index() {
    return index;
  }

  /** The findings document, or null when there was none. */
  public FindingsDocument document() {
    return document;
  }

  /** The findings, ranked as the rules engine ranked them (root cause first). */
  public List<Finding> findings() {
    return findings;
  }

  public Anchors anchors() {
    return anchors;
  }

  public SourceLocator sources() {
    return sources;
  }

  /** The tensors that get a card in the tensor section. */
  public List<String> cardTensors() {
    return cardTensors;
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }
}
