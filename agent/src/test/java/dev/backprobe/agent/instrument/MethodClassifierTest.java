package dev.backprobe.agent.instrument;

import static dev.backprobe.agent.rt.MethodTrait.ARRAY_FUNCTION;
import static dev.backprobe.agent.rt.MethodTrait.CALLS_INSTRUMENTED;
import static dev.backprobe.agent.rt.MethodTrait.HAS_LOOP;
import static dev.backprobe.agent.rt.MethodTrait.LOSS_NAME;
import static dev.backprobe.agent.rt.MethodTrait.MATRIX_FUNCTION;
import static dev.backprobe.agent.rt.MethodTrait.PURE;
import static dev.backprobe.agent.rt.MethodTrait.RETURNS_REFERENCE;
import static dev.backprobe.agent.rt.MethodTrait.RETURNS_SCALAR;
import static dev.backprobe.agent.rt.MethodTrait.SCALAR_FUNCTION;
import static dev.backprobe.agent.rt.MethodTrait.SETTER;
import static dev.backprobe.agent.rt.MethodTrait.STEP_NAME;
import static dev.backprobe.agent.rt.MethodTrait.WRITES_ARRAY_FIELD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.agent.rt.MethodInfo;
import dev.backprobe.agent.rt.MethodTrait;
import dev.backprobe.agent.rt.Sites;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the classifier sees in small methods, each written for one trait. */
class MethodClassifierTest {

  @BeforeAll
  static void instrument() throws Exception {
    InstrumentingClassLoader loader =
        InstrumentingClassLoader.forTestClasses(
            ClassSelector.of(List.of(ClassGlob.of("testbed.*")), List.of()), TransformLog.IGNORE);
    loader.loadClass("testbed.Traits");
    loader.loadClass("testbed.Traits$Matrix");
    loader.loadClass("testbed.TinyNet");
  }

  private static Set<MethodTrait> traits(String owner, String method) {
    MethodInfo info = ProbeInjectionTest.latest(owner, method);
    return info.traits();
  }

  @ParameterizedTest(name = "{0} writes the model''s arrays")
  @CsvSource({
    "writesField1d",
    "writesField2dThroughLocal",
    "writesStaticFloat",
    "writesLayerInList",
    "assignsArray",
    "copiesIntoField"
  })
  void should_see_array_field_writes_when_an_array_reached_from_a_field_is_written(String name) {
    assertThat(traits("testbed.Traits", name)).contains(WRITES_ARRAY_FIELD);
  }

  @ParameterizedTest(name = "{0} writes no model array")
  @CsvSource({"writesLocalOnly", "countsCalls", "callsMatrix", "leaky"})
  void should_not_see_array_field_writes_when_only_locals_or_scalars_are_written(String name) {
    assertThat(traits("testbed.Traits", name)).doesNotContain(WRITES_ARRAY_FIELD);
  }

  @ParameterizedTest(name = "{0} is a pure scalar function")
  @CsvSource({"tanh", "tanhPrime", "leaky", "checked"})
  void should_find_pure_scalar_functions_when_they_only_compute(String name) {
    assertThat(traits("testbed.Traits", name)).contains(PURE, SCALAR_FUNCTION, RETURNS_SCALAR);
    assertThat(ProbeInjectionTest.latest("testbed.Traits", name).tracked()).isFalse();
  }

  @ParameterizedTest(name = "{0} is not pure")
  @CsvSource({"logged", "stateful", "countsCalls", "writesField1d", "callsMatrix"})
  void should_not_call_a_method_pure_when_it_writes_a_field_or_calls_foreign_code(String name) {
    assertThat(traits("testbed.Traits", name)).doesNotContain(PURE);
    assertThat(ProbeInjectionTest.latest("testbed.Traits", name).tracked()).isTrue();
  }

  @ParameterizedTest(name = "{0}#{1} writes only what it is given")
  @CsvSource({"testbed.Traits$Matrix, set", "testbed.Traits, writesField1d", "testbed.Traits, assignsArray"})
  void should_see_a_setter_when_the_written_values_come_from_arguments_or_constants(
      String owner, String name) {
    assertThat(traits(owner, name)).contains(SETTER);
  }

  @ParameterizedTest(name = "{0} reads what it updates, or calls code that may")
  @CsvSource({"writesField2dThroughLocal", "writesLayerInList", "copiesIntoField", "callsMatrix"})
  void should_not_see_a_setter_when_the_update_reads_state_or_calls_code(String name) {
    assertThat(traits("testbed.Traits", name)).doesNotContain(SETTER);
    assertThat(traits("testbed.TinyNet", "trainStep")).doesNotContain(SETTER);
  }

  @ParameterizedTest(name = "{0}#{1} is a function of one matrix object")
  @CsvSource({"testbed.Traits, squashAll", "testbed.Traits, rectify", "testbed.Traits$Matrix, negated"})
  void should_see_a_matrix_function_when_one_object_of_a_class_goes_in_and_one_comes_out(
      String owner, String name) {
    assertThat(traits(owner, name)).contains(MATRIX_FUNCTION).doesNotContain(ARRAY_FUNCTION);
  }

  @ParameterizedTest(name = "{0}#{1} is not a function of one matrix object")
  @CsvSource({"testbed.Traits$Matrix, plus", "testbed.Traits$Matrix, set", "testbed.Traits, trimmed"})
  void should_not_see_a_matrix_function_when_two_operands_or_a_jdk_type_are_involved(
      String owner, String name) {
    assertThat(traits(owner, name)).doesNotContain(MATRIX_FUNCTION);
  }

  @org.junit.jupiter.api.Test
  void should_classify_shapes_names_loops_and_calls_when_a_class_is_instrumented() {
    assertThat(traits("testbed.Traits", "softmax"))
        .contains(ARRAY_FUNCTION, RETURNS_REFERENCE, HAS_LOOP)
        .doesNotContain(PURE); // it calls Arrays.stream(…).max(): not known to be pure
    assertThat(traits("testbed.Traits", "identity")).contains(ARRAY_FUNCTION, PURE);
    assertThat(traits("testbed.Traits", "computeLoss")).contains(LOSS_NAME, RETURNS_SCALAR);
    assertThat(traits("testbed.Traits", "bce")).contains(LOSS_NAME, RETURNS_SCALAR);
    assertThat(traits("testbed.Traits", "backprop")).contains(STEP_NAME).doesNotContain(LOSS_NAME);
    assertThat(traits("testbed.Traits", "callsMatrix")).contains(CALLS_INSTRUMENTED);
    assertThat(traits("testbed.Traits$Matrix", "set")).contains(WRITES_ARRAY_FIELD);
    assertThat(traits("testbed.Traits", "recursiveA")).contains(PURE);
    assertThat(traits("testbed.TinyNet", "trainStep"))
        .contains(WRITES_ARRAY_FIELD, CALLS_INSTRUMENTED, HAS_LOOP, STEP_NAME);
    assertThat(traits("testbed.TinyNet", "loss"))
        .contains(LOSS_NAME, RETURNS_SCALAR, PURE, HAS_LOOP)
        .doesNotContain(WRITES_ARRAY_FIELD);
    assertThat(traits("testbed.TinyNet", "hidden")).contains(ARRAY_FUNCTION, PURE);
    assertThat(Sites.methods()).noneMatch(m -> m.name().startsWith("<"));
    // a lambda's body is the user's code (a Runnable step, a function passed to map)
    assertThat(Sites.methods()).anyMatch(m -> m.name().startsWith("lambda$"));
  }
}
