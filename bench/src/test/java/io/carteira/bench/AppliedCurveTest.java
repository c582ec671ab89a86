package io.carteira.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AppliedCurveTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void theSteadyRateLeavesOutTheStartUpAndTheTail() {
    AppliedCurve curve = new AppliedCurve(0);
    long applied = 0;
    // 5 s of start-up with nothing applied, 60 s at 10,000 events/s, then a 20 s tail at 500/s
    for (int tenth = 1; tenth <= 850; tenth++) {
      double second = tenth / 10.0;
      if (second > 5 && second <= 65) {
        applied += 1_000;
      } else if (second > 65) {
        applied += 50;
      }
      curve.add((long) (second * SECOND), applied, second * 1.5);
    }

    AppliedCurve.Steady steady = curve.steady();

    assertThat(steady.eventsPerSecond()).isCloseTo(10_000, within(100.0));
    assertThat(steady.seconds()).isBetween(40.0, 60.0);
    // 1.5 CPU-seconds a second at 10,000 events a second
    assertThat(steady.cpuMicrosPerEvent()).isCloseTo(150, within(2.0));
    assertThat(curve.last()).isEqualTo(610_000);
  }

  @Test
  void aRunThatAppliedNothingHasNoRate() {
    AppliedCurve curve = new AppliedCurve(0);
    for (int s = 1; s <= 10; s++) {
      curve.add(s * SECOND, 0, s);
    }

    assertThat(curve.steady().eventsPerSecond()).isNaN();
  }

  @Test
  void perSecondRatesFollowTheCurve() {
    AppliedCurve curve = new AppliedCurve(0);
    for (int tenth = 0; tenth <= 30; tenth++) {
      curve.add(tenth * SECOND / 10, tenth * 200L, tenth / 10.0);
    }

    assertThat(AppliedCurve.perSecond(curve.samples()))
        .hasSize(3)
        .allSatisfy(point -> assertThat(point[1]).isCloseTo(2_000, within(1.0)));
  }
}
