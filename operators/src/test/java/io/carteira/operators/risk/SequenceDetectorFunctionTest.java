package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.HarnessState;
import io.carteira.operators.support.Policies;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sequence detector in an operator harness: a policy published mid-stream changes when the next
 * failed-payment streak fires for its segment and no other, and the state returns to nothing once
 * held signals lapse.
 */
class SequenceDetectorFunctionTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private int seq;

  @Test
  void aStreakOfTwoForKeyAccounts_firesAtTheSecondFailureForThemOnly() throws Exception {
    try (SequenceHarness h = new SequenceHarness()) {
      for (String customer : List.of("key", "tail")) {
        fail(h, customer, customer.equals("key") ? "key_account" : "long_tail", 0);
      }
      h.watermark(day(0));
      assertThat(h.detections()).isEmpty();

      // key accounts: two failed payments in a row make a streak, from now on
      h.policy(Policies.policy("key_account", 1, "{\"risk\": {\"failed_payment_streak\": 2}}"));
      fail(h, "key", "key_account", 1);
      fail(h, "tail", "long_tail", 1);
      h.watermark(day(1));
      assertThat(h.detections())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getValue().getCustomerId()).isEqualTo("key");
                assertThat(r.getValue().getDetection().getThreshold())
                    .isEqualTo("2 failed payments in a row within 30 days");
                assertThat(r.getTimestamp()).isEqualTo(day(1));
              });

      // the long tail still needs three, under the built-in policy
      fail(h, "tail", "long_tail", 2);
      h.watermark(day(2));
      assertThat(h.detections()).hasSize(2);
      assertThat(h.detections().get(1).getValue().getCustomerId()).isEqualTo("tail");
      assertThat(h.detections().get(1).getValue().getDetection().getThreshold())
          .isEqualTo("3 failed payments in a row within 30 days");
    }
  }

  @Test
  void signalsAreAppliedInTheOrderOfTheInstantsTheyCarry_andTheStateEmptiesWhenTheyLapse()
      throws Exception {
    try (SequenceHarness h = new SequenceHarness()) {
      // arrivals out of order between two watermarks: the success of day 1, last to arrive,
      // breaks the run (in arrival order, three failures would make a streak)
      fail(h, "cus-1", "default", 0);
      fail(h, "cus-1", "default", 2);
      fail(h, "cus-1", "default", 3);
      h.signal(signal("cus-1", null, SignalKind.PAYMENT_SUCCEEDED, 1), day(1));
      h.watermark(day(3));
      assertThat(h.detections()).isEmpty();
      assertThat(HarnessState.keyedStateEntries(h.h)).isPositive();
      h.watermark(day(40));
      assertThat(HarnessState.keyedStateEntries(h.h)).isZero();
      assertThat(h.h.numEventTimeTimers()).isZero();
    }
  }

  private void fail(SequenceHarness h, String customer, String segment, int day) throws Exception {
    h.signal(signal(customer, segment, SignalKind.PAYMENT_FAILED, day), day(day));
  }

  private ChurnSignal signal(String customer, String segment, SignalKind kind, int day) {
    return ChurnSignal.newBuilder()
        .setCustomerId(customer)
        .setEventId("s" + (++seq))
        .setEventTime(Instant.ofEpochMilli(day(day)))
        .setKind(kind)
        .setPolicySegment(segment)
        .build();
  }

  private static long day(int day) {
    return T0.plus(Duration.ofDays(day)).toEpochMilli();
  }
}
