package dev.backprobe.samples.seed000;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprobe.samples.UpdateDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seed000DirectionTest {
  @Test
  void should_climb_in_every_tensor_when_posted_and_descend_when_fixed() {
    Network posted = new Network(SixPoints.x(), SixPoints.y(), 0.001, Seed000Posted.SEED);
    List<Double> up =
        UpdateDirection.cosines(
            List.of(posted.w1, posted.b1, posted.w2, posted.b2), posted::loss, posted::trainStep);
    FixedNetwork fixed = new FixedNetwork(SixPoints.x(), SixPoints.y(), 0.001, Seed000Posted.SEED);
    List<Double> down =
        UpdateDirection.cosines(
            List.of(fixed.w1, fixed.b1, fixed.w2, fixed.b2), fixed::loss, fixed::trainStep);
    System.out.println("seed000 cos(dW, -grad) w1 b1 w2 b2: posted " + up + " fixed " + down);
    assertThat(up).allSatisfy(c -> assertThat(c).isLessThan(-0.9));
    assertThat(down).allSatisfy(c -> assertThat(c).isGreaterThan(0.999));
  }
}
