package dev.backprobe.report.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.trace.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {

  private static Path write(Path file, int lines) throws Exception {
    Files.createDirectories(file.getParent());
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      b.append("line ").append(i).append('\n');
    }
    Files.writeString(file, b);
    return file;
  }

  @Test
  void should_find_the_file_directly_under_a_source_root(@TempDir Path dir) throws Exception {
    Path file = write(dir.resolve("com/acme/Net.java"), 10);
    SourceLocator locator = new SourceLocator(List.of(dir));

    Optional<Path> found = locator.find(new SourceLocation("com.acme.Net$Layer", "f", "Net.java", 3));

    assertThat(found).contains(file.toAbsolutePath().normalize());
  }

  @Test
  void should_search_below_a_project_folder(@TempDir Path dir) throws Exception {
    Path file = write(dir.resolve("samples/src/main/java/com/acme/Net.java"), 10);
    write(dir.resolve("other/src/main/java/org/else/Net.java"), 10);
    SourceLocator locator = new SourceLocator(List.of(dir));

    assertThat(locator.find(new SourceLocation("com.acme.Net", "f", "Net.java", 3)))
        .contains(file.toAbsolutePath().normalize());
  }

  @Test
  void should_cut_lines_around_the_line_and_clip_at_the_file_ends(@TempDir Path dir)
      throws Exception {
    write(dir.resolve("Net.java"), 5);
    SourceLocator locator = new SourceLocator(List.of(dir));

    SourceSnippet s = locator.snippet(new SourceLocation("Net", "f", "Net.java", 2)).orElseThrow();

    assertThat(s.firstLine()).isEqualTo(1);
    assertThat(s.lines()).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
    assertThat(s.focusLine()).isEqualTo("line 2");
  }

  @Test
  void should_give_nothing_when_the_line_or_file_does_not_fit(@TempDir Path dir) throws Exception {
    write(dir.resolve("com/acme/Net.java"), 5);
    SourceLocator locator = new SourceLocator(List.of(dir, dir.resolve("missing")));

    assertThat(locator.snippet(new SourceLocation("com.acme.Net", "f", "Net.java", 50))).isEmpty();
    assertThat(locator.snippet(new SourceLocation("com.acme.Net", "f", "Net.java", 0))).isEmpty();
    assertThat(locator.snippet(new SourceLocation("com.acme.Net", "f", "../../etc/passwd", 1)))
        .isEmpty();
    assertThat(locator.snippet(new SourceLocation("com.acme.Gone", "f", "Gone.java", 1))).isEmpty();
    assertThat(locator.snippet(null)).isEmpty();
  }
}
