package io.carteira.operators.risk;

import static io.carteira.operators.support.ShadowHarness.keysWith;
import static io.carteira.operators.support.ShadowHarness.sideOutput;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.Policies;
import io.carteira.operators.support.ShadowHarness;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.SignalKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The sequence detector's shadow evaluation: no shadow state while no shadow is in force; a shadow
 * pushed in the middle of a failed-payment run starts from the live partial sequences, and its
 * detections go to the shadow output only, marked shadow.
 */
class SequenceShadowTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final String SHADOW_BOOK = "shadow-sequence-book";
  private int seq;

  @Test
  void withNoShadowInForce_noShadowBookIsWritten() throws Exception {
    try (SequenceHarness h = new SequenceHarness()) {
      h.policy(Policies.policy("default", 1, "{}"));
      for (int day = 0; day < 2; day++) {
        fail(h, "cus-1", day);
        fail(h, "cus-2", day);
      }
      h.watermark(day(2));
      assertThat(keysWith(h.h, "sequence-book")).containsExactlyInAnyOrder("cus-1", "cus-2");
      assertThat(keysWith(h.h, SHADOW_BOOK)).isEmpty();
      assertThat(keysWith(h.h, SHADOW_BOOK + "-run")).isEmpty();
      assertThat(sideOutput(h.h, SequenceDetectorFunction.SHADOW_DETECTIONS)).isEmpty();
    }
  }

  @Test
  void aShadowPushedAfterTwoFailures_startsFromThem() throws Exception {
    try (SequenceHarness h = new SequenceHarness()) {
      h.policy(Policies.policy("default", 1, "{}")); // streaks of 3
      fail(h, "cus-1", 0);
      fail(h, "cus-1", 1);
      h.watermark(day(1));
      assertThat(keysWith(h.h, SHADOW_BOOK)).isEmpty();

      h.policy(ShadowHarness.shadow("default", 2, "{\"risk\": {\"failed_payment_streak\": 2}}"));
      fail(h, "cus-1", 2);
      h.watermark(day(2));

      assertThat(h.detections())
          .as("live: the third failure of three")
          .singleElement()
          .satisfies(r -> assertThat(r.getValue().getShadow()).isFalse());
      assertThat(sideOutput(h.h, SequenceDetectorFunction.SHADOW_DETECTIONS))
          .as("the shadow saw the two failures before it was pushed: a streak of two at once")
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getShadow()).isTrue();
                assertThat(d.getDetection().getThreshold())
                    .isEqualTo("2 failed payments in a row within 30 days");
                assertThat(d.getEventTime()).isEqualTo(Instant.ofEpochMilli(day(2)));
              });
      assertThat(keysWith(h.h, SHADOW_BOOK + "-run")).containsExactly("cus-1");
    }
  }

  private void fail(SequenceHarness h, String customer, int day) throws Exception {
    ChurnSignal signal =
        ChurnSignal.newBuilder()
            .setCustomerId(customer)
            .setEventId("s" + (++seq))
            .setEventTime(Instant.ofEpochMilli(day(day)))
            .setKind(SignalKind.PAYMENT_FAILED)
            .setPolicySegment("default")
            .build();
    h.signal(signal, day(day));
  }

  private static long day(int day) {
    return T0.plus(Duration.ofDays(day)).toEpochMilli();
  }
}
