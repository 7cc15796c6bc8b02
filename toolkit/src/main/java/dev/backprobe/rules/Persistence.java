package dev.backprobe.rules;

import dev.backprobe.rules.TraceData.Seen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Training-health conditions count only when they hold over {@link Thresholds#PERSISTENT_STEPS}
 * consecutive captured steps (or at every capture, when a tensor was captured fewer times).
 */
final class Persistence {

  private Persistence() {}

  /**
   * The first run of consecutive captures (of one tensor) where the condition holds and that is
   * long enough, or an empty list.
   */
  static List<Seen> firstRun(List<Seen> appearances, Predicate<Seen> condition) {
    int required = (int) Math.min(Thresholds.PERSISTENT_STEPS.value(), appearances.size());
    List<Seen> run = new ArrayList<>();
    for (Seen seen : appearances) {
      boolean holds = condition.test(seen);
      boolean continues = !run.isEmpty() && seen.index() == run.get(run.size() - 1).index() + 1;
      if (holds && (run.isEmpty() || continues)) {
        run.add(seen);
      } else if (run.size() >= required && required > 0) {
        return run;
      } else {
        run = new ArrayList<>();
        if (holds) {
          run.add(seen);
        }
      }
    }
    return run.size() >= required && required > 0 ? run : List.of();
  }

  /** The steps at which the condition holds, for evidence. */
  static List<Integer> stepsWhere(List<Seen> appearances, Predicate<Seen> condition) {
    return appearances.stream().filter(condition).map(s -> s.step().step()).toList();
  }
}
