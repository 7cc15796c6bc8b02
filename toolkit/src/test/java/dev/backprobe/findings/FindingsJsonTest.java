package dev.backprobe.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.trace.JsonFiles;
import dev.backprobe.trace.JsonOutput;
import dev.backprobe.trace.RecordFiller;
import org.junit.jupiter.api.Test;

/** The streaming writer of {@code findings.json} must write what the mapper writes. */
class FindingsJsonTest {

  @Test
  void should_write_every_field_and_every_kind_of_evidence_as_the_mapper_does() {
    FindingsDocument document = RecordFiller.full(FindingsDocument.class);

    assertThat(JsonOutput.toJson(FindingsJson.of(document)))
        .isEqualTo(JsonFiles.toJson(document));
  }

  @Test
  void should_leave_out_or_write_null_fields_as_the_mapper_does() {
    FindingsDocument document = RecordFiller.withNulls(FindingsDocument.class);

    assertThat(FindingsIO.toJson(document)).isEqualTo(JsonFiles.toJson(document));
  }
}
