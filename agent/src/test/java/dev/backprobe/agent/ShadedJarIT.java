package dev.backprobe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.ForkedJvm.Result;
import dev.backprobe.trace.TraceIO;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded agent jar: only Backprobe's own packages, the manifest the JVM needs, a CLI. */
class ShadedJarIT {

  @Test
  void should_hold_nothing_outside_backprobe_packages_when_shaded() throws Exception {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();

      assertThat(names)
          .filteredOn(
              name ->
                  !name.startsWith("dev/backprobe/")
                      && !name.startsWith("META-INF/")
                      && !name.equals("dev/"))
          .as("entries outside dev/backprobe/ and META-INF/")
          .isEmpty();
      assertThat(names)
          .contains(
              "dev/backprobe/agent/Agent.class",
              "dev/backprobe/agent/rt/Bridge.class",
              "dev/backprobe/shaded/asm/ClassReader.class");
      assertThat(names)
          .noneMatch(n -> n.endsWith("module-info.class"))
          .noneMatch(n -> n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"))
          .noneMatch(n -> n.startsWith("META-INF/versions/") && n.endsWith(".class"));
    }
  }

  @Test
  void should_name_premain_agent_and_main_classes_when_shaded() throws Exception {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();

      assertThat(main.getValue("Premain-Class")).isEqualTo(Agent.class.getName());
      assertThat(main.getValue("Agent-Class")).isEqualTo(Agent.class.getName());
      assertThat(main.getValue("Main-Class")).isEqualTo("dev.backprobe.agent.cli.Cli");
    }
  }

  @Test
  void should_write_a_trace_through_the_relocated_jackson_as_the_unshaded_classes_do()
      throws Exception {
    String text;
    try (InputStream in =
        ShadedJarIT.class.getResourceAsStream("runtime/sign-bug-trace.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {ForkedJvm.agentJar().toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      Class<?> traceIo = Class.forName("dev.backprobe.trace.TraceIO", true, loader);
      Method fromJson = traceIo.getMethod("fromJson", String.class, String.class);
      Method toJson = traceIo.getMethod("toJson", fromJson.getReturnType());

      Object shaded = toJson.invoke(null, fromJson.invoke(null, text, "sign-bug"));

      assertThat(shaded).isEqualTo(TraceIO.toJson(TraceIO.fromJson(text, "sign-bug")));
    }
  }

  @Test
  void should_run_the_cli_when_launched_with_java_jar() throws Exception {
    Result help = ForkedJvm.run(List.of("-jar", ForkedJvm.agentJar().toString(), "help"));
    Result unknown = ForkedJvm.run(List.of("-jar", ForkedJvm.agentJar().toString(), "nope"));

    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("demo", "report", "repl", "capture", "budget");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderrLines()).hasSize(1);
  }
}
