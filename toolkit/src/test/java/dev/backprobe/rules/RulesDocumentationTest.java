package dev.backprobe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/rules.md and the rules' own descriptions and thresholds saying the same thing. */
class RulesDocumentationTest {

  private static final Path DOC = Path.of("..", "docs", "rules.md");

  @Test
  void should_document_every_rule_with_its_code_description() throws IOException {
    String doc = Files.readString(DOC);
    for (Rule rule : RulesEngine.defaultRules()) {
      RuleDescription description = rule.description();
      assertThat(doc).contains("### `" + rule.id().id() + "` — " + description.severity().id())
          .contains(description.summary())
          .contains(description.seenBy())
          .contains(description.fix());
      description.causes().forEach(cause -> assertThat(doc).contains(cause));
    }
  }

  @Test
  void should_document_every_threshold_with_its_source() throws IOException {
    String doc = Files.readString(DOC);
    for (Threshold threshold : Thresholds.all()) {
      assertThat(doc).contains("| `" + threshold.name() + "` | ").contains(threshold.source());
    }
  }
}
