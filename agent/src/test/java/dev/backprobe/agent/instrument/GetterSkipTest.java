package dev.backprobe.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.rt.Sites;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A method whose whole body returns one of its object's reference fields gets no probes (a record
 * of arrays read in an inner loop ran 12× slower with them); anything more gets them.
 */
class GetterSkipTest {

  @BeforeAll
  static void instrument() throws Exception {
    InstrumentingClassLoader loader =
        InstrumentingClassLoader.forTestClasses(
            ClassSelector.of(List.of(ClassGlob.of("testbed.Getters*")), List.of()),
            TransformLog.IGNORE);
    loader.loadClass("testbed.Getters");
    loader.loadClass("testbed.Getters$Layer");
  }

  private static boolean probed(String owner, String method) {
    return Sites.methods().stream()
        .anyMatch(m -> m.owner().equals(owner) && m.name().equals(method));
  }

  @ParameterizedTest(name = "{0}#{1} probed: {2}")
  @CsvSource({
    "testbed.Getters, weights, false",
    "testbed.Getters, shared, false",
    "testbed.Getters$Layer, w, false",
    "testbed.Getters, rate, true",
    "testbed.Getters$Layer, bias, true",
    "testbed.Getters, copy, true",
    "testbed.Getters, other, true"
  })
  void should_probe_every_method_but_a_reference_getter(String owner, String method, boolean probed) {
    assertThat(probed(owner, method)).isEqualTo(probed);
  }
}
