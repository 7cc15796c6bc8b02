package dev.backprobe.agent.trainers;

import org.junit.jupiter.api.Test;

class ExploreScratch {
  @Test
  void explore() throws Exception {
    String spec = System.getProperty("explore", "");
    for (String one : spec.split(";")) {
      if (one.isBlank()) continue;
      String[] parts = one.split(" ");
      Class<?> c = Class.forName(parts[0]);
      String[] args = java.util.Arrays.copyOfRange(parts, 1, parts.length);
      String st = System.getProperty("step." + parts[0].substring(parts[0].lastIndexOf('.') + 1));
      String lo = System.getProperty("loss." + parts[0].substring(parts[0].lastIndexOf('.') + 1));
      InProcessAgent.Run run = InProcessAgent.run(new dev.backprobe.agent.runtime.Recorder.Settings(st, lo, dev.backprobe.agent.runtime.CapturePolicy.log(), 1.0), c, args);
      System.err.println("=== " + one + "\n" + run.describe());
      System.err.println("captured " + run.trace().run().capturedSteps());
      for (var s : run.trace().steps()) {
        if (s.step() <= 3) {
          for (var ch : s.checks()) System.err.println("   step " + s.step() + " " + ch.tensor() + " " + ch.verdict() + " cos=" + ch.cosine() + " rel=" + ch.relativeError());
        }
      }
      if (System.getProperty("tensors") != null) {
        for (var s : run.trace().steps()) {
          if (s.step() <= 2) for (var t : s.tensors()) System.err.println("   T" + s.step() + " " + t.name() + " role=" + t.role() + " kind=" + t.kind() + " @" + t.location());
        }
      }
    }
  }
}
