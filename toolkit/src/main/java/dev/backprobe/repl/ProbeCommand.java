package dev.backprobe.repl;

import dev.backprobe.probe.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code probe METHOD}: what probing found a method to be (activation, or derivative verdict). */
final class ProbeCommand extends AbstractCommand {

  ProbeCommand() {
    super(
        "probe",
        "which activation a method is; whether a derivative is right",
        "probe METHOD  (e.g. probe dersgm, or probe pkg.Net#dersgm)",
        Argument.METHOD);
  }

  @Override
  public Outcome run(List<String> args, ReplContext context) {
    List<ProbeResult> probes = context.probes();
    if (args.isEmpty()) {
      if (probes.isEmpty()) {
        context.println("no method was probed");
      }
      probes.forEach(p -> context.println("  " + p.method() + " — " + summary(p), 6));
      return Outcome.STAY;
    }
    List<String> names = new ArrayList<>();
    probes.forEach(p -> names.add(p.method()));
    if (names.isEmpty()) {
      throw new CommandException("no method was probed in this run");
    }
    String method = Names.resolve(args.get(0), names, "probed method");
    ProbeResult p = probes.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
    context.println(p.method() + (p.location() == null ? "" : " (" + p.location().shortForm() + ")"));
    StatsCommand.line(context, "is", summary(p));
    if (p.derivativeOf() != null) {
      StatsCommand.line(context, "convention", lower(p.convention()));
      StatsCommand.line(context, "called with", p.calledWith() == null ? "unknown" : lower(p.calledWith()));
      if (p.callSite() != null) {
        StatsCommand.line(context, "called at", p.callSite().shortForm());
      }
    }
    StatsCommand.line(context, "max error", Text.num(p.maxError()));
    if (p.detail() != null) {
      context.println("  " + p.detail(), 4);
    }
    return Outcome.STAY;
  }

  private static String summary(ProbeResult p) {
    if (p.derivativeOf() != null) {
      return "derivative of " + p.derivativeOf().id() + ": " + lower(p.verdict());
    }
    return p.activation() == null ? "not an activation" : p.activation().id();
  }

  private static String lower(Enum<?> e) {
    return e == null ? "-" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
