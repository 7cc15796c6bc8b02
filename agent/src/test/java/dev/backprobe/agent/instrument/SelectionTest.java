package dev.backprobe.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Globs, the include/exclude selection and the main class's package as default include. */
class SelectionTest {

  @Test
  void should_match_sub_packages_and_single_characters_when_globbing() {
    ClassGlob glob = ClassGlob.of("com.acme.nn.*");

    assertThat(glob.matches("com.acme.nn.Net")).isTrue();
    assertThat(glob.matches("com/acme/nn/deep/Layer$1")).isTrue();
    assertThat(glob.matches("com.acme.nnx.Net")).isFalse();
    assertThat(ClassGlob.of("a.Net?").matches("a.Net2")).isTrue();
    assertThat(ClassGlob.of("a.Net?").matches("a.Net")).isFalse();
    assertThat(ClassGlob.of("a.N$t").matches("a.N$t")).isTrue();
    assertThat(ClassGlob.list(" a.*; ;b.C ")).extracting(Object::toString).containsExactly("a.*", "b.C");
  }

  @Test
  void should_reject_characters_a_class_name_cannot_hold_when_parsing_a_glob() {
    assertThatThrownBy(() -> ClassGlob.of("a.[bc]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.[bc]");
  }

  @Test
  void should_exclude_before_including_when_both_match() {
    ClassSelector selector =
        ClassSelector.of(ClassGlob.list("com.acme.*"), ClassGlob.list("com.acme.gen.*"));

    assertThat(selector.selects("com/acme/Net")).isTrue();
    assertThat(selector.selects("com.acme.gen.Proto")).isFalse();
    assertThat(selector.selects("org.other.Net")).isFalse();
    assertThat(selector.describeInclude()).containsExactly("com.acme.*");
  }

  @Test
  void should_include_the_main_class_package_when_no_include_is_given() {
    ClassSelector selector =
        new ClassSelector(List.of(), List.of(), Optional.of("com.acme.app.Main"));

    assertThat(selector.awaitsMainClass()).isFalse();
    assertThat(selector.selects("com.acme.app.Net")).isTrue();
    assertThat(selector.selects("com.acme.app.nn.Layer")).isTrue();
    assertThat(selector.selects("com.acme.Other")).isFalse();
    assertThat(selector.selects("com.acme.application.X")).isFalse();
    assertThat(selector.describeInclude()).containsExactly("com.acme.app.*");
  }

  @Test
  void should_include_only_the_unnamed_package_when_the_main_class_has_none() {
    ClassSelector selector = new ClassSelector(List.of(), List.of(), Optional.of("Main"));

    assertThat(selector.selects("Net")).isTrue();
    assertThat(selector.selects("Net$Layer")).isTrue();
    assertThat(selector.selects("java.util.List")).isFalse();
    assertThat(selector.describeInclude()).containsExactly(ClassSelector.UNNAMED_PACKAGE);
  }

  @Test
  void should_include_nothing_until_the_main_class_is_known() {
    ClassSelector selector = new ClassSelector(List.of(), List.of(), Optional.empty());

    assertThat(selector.awaitsMainClass()).isTrue();
    assertThat(selector.selects("com.acme.Net")).isFalse();
    selector.resolveMain("com/acme/Main");
    selector.resolveMain("org/other/Main"); // only the first counts

    assertThat(selector.mainClass()).contains("com.acme.Main");
    assertThat(selector.selects("com.acme.Net")).isTrue();
  }

  @Test
  void should_read_the_main_class_from_the_launcher_command() {
    assertThat(MainClassLocator.fromCommand("com.acme.Main --epochs 3")).contains("com.acme.Main");
    assertThat(MainClassLocator.fromCommand("Main")).contains("Main");
    assertThat(MainClassLocator.fromCommand("acme.app/com.acme.Main x")).contains("com.acme.Main");
    assertThat(MainClassLocator.fromCommand("jdk.compiler/com.sun.tools.javac.launcher.Main A.java"))
        .isEmpty();
    assertThat(MainClassLocator.fromCommand("/nowhere/app.jar arg")).isEmpty();
    assertThat(MainClassLocator.fromCommand("")).isEmpty();
    assertThat(MainClassLocator.fromCommand(null)).isEmpty();
  }

  @Test
  void should_read_the_main_class_from_the_manifest_when_launched_with_a_jar(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path jar = dir.resolve("my app.jar");
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "org.demo.Trainer");
    try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), manifest)) {
      out.flush();
    }

    assertThat(MainClassLocator.fromCommand(jar + " --fast")).contains("org.demo.Trainer");
  }
}
