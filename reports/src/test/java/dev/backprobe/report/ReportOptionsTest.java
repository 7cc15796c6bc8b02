package dev.backprobe.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportOptionsTest {

  @Test
  void should_look_in_src_main_java_next_to_a_maven_classes_folder() {
    Path classes = Path.of("/p/samples/target/classes");

    assertThat(ReportOptions.sourcesNextTo(classes))
        .contains(Path.of("/p/samples/src/main/java"));
    assertThat(ReportOptions.sourcesNextTo(Path.of("/p/target/test-classes")))
        .contains(Path.of("/p/src/test/java"));
    assertThat(ReportOptions.sourcesNextTo(Path.of("/p/build/classes/java/main")))
        .contains(Path.of("/p/src/main/java"));
  }

  @Test
  void should_read_class_path_folders_from_the_command_line() {
    String cp = String.join(File.pathSeparator, "/a/target/classes", "/lib/x.jar", "/b/classes");

    assertThat(ReportOptions.classpathOf("java -javaagent:x.jar -cp " + cp + " Main"))
        .containsExactly(Path.of("/a/target/classes"), Path.of("/b/classes"));
    assertThat(ReportOptions.classpathOf("java --class-path=/c Main")).containsExactly(Path.of("/c"));
    assertThat(ReportOptions.classpathOf(null)).isEmpty();
  }

  @Test
  void should_search_explicit_roots_first() {
    ReportOptions options = ReportOptions.defaults().withSourceRoots(List.of(Path.of("/src")))
        .withClassesDirs(List.of(Path.of("/m/target/classes")));

    List<Path> roots = options.searchRoots("java -cp /n/target/classes Main");

    assertThat(roots.get(0)).isEqualTo(Path.of("/src"));
    assertThat(roots).contains(Path.of("/m/src/main/java"), Path.of("/n/src/main/java"));
    assertThat(ReportOptions.onlySources(List.of(Path.of("/s"))).searchRoots("java -cp /n Main"))
        .containsExactly(Path.of("/s"));
  }
}
