package dev.backprobe.samples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleArgsTest {
  @Test
  void should_accept_data_in_both_spellings_and_reject_anything_else() {
    assertThat(SampleArgs.parse(new String[0]).dataDir()).isNull();
    assertThat(SampleArgs.parse(new String[] {"--data", "d"}).dataDir()).isEqualTo(Path.of("d"));
    assertThat(SampleArgs.parse(new String[] {"--data=e"}).dataDir()).isEqualTo(Path.of("e"));
    assertThatThrownBy(() -> SampleArgs.parse(new String[] {"--steps", "3"}))
        .hasMessage("unknown argument '--steps' (accepted: --data DIR)");
  }
}
