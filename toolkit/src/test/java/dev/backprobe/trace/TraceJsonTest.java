package dev.backprobe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming writer must write what the mapper writes, byte for byte: the mapper reads the file
 * back, and the format is defined by the records.
 */
class TraceJsonTest {

  @Test
  void should_write_every_field_of_a_full_trace_as_the_mapper_does() {
    Trace trace = RecordFiller.full(Trace.class);

    assertThat(JsonOutput.toJson(TraceJson.of(trace))).isEqualTo(JsonFiles.toJson(trace));
  }

  @Test
  void should_leave_out_or_write_null_fields_as_the_mapper_does() {
    Trace trace = RecordFiller.withNulls(Trace.class);

    assertThat(JsonOutput.toJson(TraceJson.of(trace))).isEqualTo(JsonFiles.toJson(trace));
  }

  @Test
  void should_write_a_trace_from_the_builder_as_the_mapper_does() {
    Trace trace =
        TraceBuilder.trace()
            .losses(2.3, 1.9, Double.NaN)
            .step(1, s -> s.parameter("net.w", new double[][] {{1, 2}, {3, 4}}, 0.01))
            .build();

    assertThat(TraceIO.toJson(trace)).isEqualTo(JsonFiles.toJson(trace));
  }

  @Test
  void should_write_a_file_the_mapper_reads_back_into_the_same_json(@TempDir Path dir)
      throws IOException, FileFormatException {
    Trace trace = RecordFiller.full(Trace.class);
    Path file = dir.resolve(TraceIO.FILE_NAME);

    TraceIO.write(trace, file);

    assertThat(Files.readString(file)).isEqualTo(JsonFiles.toJson(trace));
    assertThat(JsonFiles.toJson(TraceIO.read(file))).isEqualTo(JsonFiles.toJson(trace));
  }
}
