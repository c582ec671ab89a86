package io.carteira.operators.segment;

import static io.carteira.operators.support.Customers.as;
import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.HarnessState;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.ValueTierThresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping of the portfolio-wide value-tier ranking (one key): a customer's subscriptions are
 * held while it has one running, MRR counts while someone pays that amount, held changes until the
 * watermark passes their instant; when every customer has gone, only the thresholds last sent
 * remain (one entry, by design: the ranking sends thresholds only when they move). Thresholds go
 * out at the instant of the changes that moved them. A snapshot taken at any point of a timeline
 * restores into a run that emits exactly what the uninterrupted run emits.
 */
class ValueTierRankingHousekeepingTest {

  @Test
  void whenEveryCustomerHasGoneOnlyTheLastThresholdsRemain() throws Exception {
    Instant opening = at(0, 9);
    Instant closing = at(30, 9);
    try (var h = harness(null)) {
      for (int i = 1; i <= 5; i++) {
        h.processElement(held(as("cus-" + i, started(opening, "plan", 10_000L * i))));
      }
      // held at one instant: the inputs and the count at that instant; one timer
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(opening.toEpochMilli() - 1);
      assertThat(h.extractOutputValues()).isEmpty();

      h.processWatermark(opening.toEpochMilli());
      // five paying: the top 20% (one) from 50,000, the top half (three) from 30,000
      assertThat(records(h))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getTimestamp()).isEqualTo(opening.toEpochMilli());
                assertThat(r.getValue())
                    .isEqualTo(new ValueTierThresholds(50_000L, 30_000L, 5, opening));
              });
      // subscriptions by customer, customers by MRR, the thresholds sent
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(3);
      assertThat(h.numEventTimeTimers()).isZero();

      for (int i = 1; i <= 5; i++) {
        h.processElement(held(as("cus-" + i, cancelled(closing))));
      }
      h.processWatermark(closing.toEpochMilli());
      assertThat(records(h)).hasSize(2);
      assertThat(records(h).get(1).getTimestamp()).isEqualTo(closing.toEpochMilli());
      assertThat(records(h).get(1).getValue())
          .isEqualTo(new ValueTierThresholds(Long.MAX_VALUE, Long.MAX_VALUE, 0, closing));
      assertThat(HarnessState.keyedStateEntries(h)).as("the thresholds alone").isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aCustomerOnAFreePlanHoldsItsSubscriptionButNoRankUntilItCancels() throws Exception {
    try (var h = harness(null)) {
      h.processElement(held(as("cus-9", started(at(0, 9), "free", 0L))));
      h.processWatermark(at(0, 9).toEpochMilli());
      assertThat(h.extractOutputValues()).as("nobody pays: nothing moved").isEmpty();
      assertThat(HarnessState.keyedStateEntries(h)).as("its subscription").isEqualTo(1);
      h.processElement(held(as("cus-9", cancelled(at(3, 9)))));
      h.processWatermark(at(3, 9).toEpochMilli());
      assertThat(HarnessState.keyedStateEntries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void restoringASnapshotAtEveryCutOfATimelineGivesTheUninterruptedRun() throws Exception {
    List<Object> script = script();
    assertThat(script).hasSizeBetween(20, 50);
    Run uninterrupted = run(script, -1);
    assertThat(uninterrupted.outputs().get("main portfolio")).hasSizeGreaterThan(4);
    assertThat(uninterrupted.entries()).as("the thresholds alone").isEqualTo(1);
    assertThat(uninterrupted.timers()).isZero();
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut))
          .as("snapshot and restore before step " + cut)
          .isEqualTo(uninterrupted);
    }
  }

  /**
   * Six customers over two months: starts at one instant, a second subscription, plan changes up
   * and down, a repeated event, cancellations (one naming a subscription), until nobody pays.
   */
  private static List<Object> script() {
    List<Object> s = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      s.add(as("cus-" + i, started(at(0, 9), "plan", 10_000L * i)));
    }
    s.add(at(0, 9).toEpochMilli());
    s.add(as("cus-5", started(at(1, 9), "plan", 90_000L)));
    s.add(as("cus-6", started(at(1, 9), "free", 0L)));
    s.add(
        as(
            "cus-1",
            subscription(
                at(2, 9),
                SubscriptionEventType.STARTED,
                b -> b.setSubscriptionId("addon").setMrrMinor(5_000L))));
    s.add(at(2, 9).toEpochMilli());
    CustomerEvent upgrade = as("cus-2", planChanged(at(5, 9), 60_000L));
    s.add(upgrade);
    s.add(CustomerEvent.newBuilder(upgrade).build()); // a repeat: idempotent
    s.add(as("cus-6", planChanged(at(5, 9), 20_000L)));
    s.add(at(6, 0).toEpochMilli());
    s.add(as("cus-5", planChanged(at(10, 9), 40_000L)));
    s.add(at(10, 9).toEpochMilli());
    s.add(
        as(
            "cus-1",
            subscription(
                at(12, 9), SubscriptionEventType.CANCELLED, b -> b.setSubscriptionId("addon"))));
    s.add(as("cus-3", cancelled(at(12, 9))));
    s.add(at(20, 0).toEpochMilli());
    for (int i = 1; i <= 6; i++) {
      if (i != 3) {
        s.add(as("cus-" + i, cancelled(at(40 + i, 9))));
      }
    }
    s.add(at(45, 9).toEpochMilli());
    s.add(at(60, 0).toEpochMilli());
    return s;
  }

  private record Run(Map<String, List<String>> outputs, int entries, int timers) {}

  private static Run run(List<Object> script, int cut) throws Exception {
    var h = harness(null);
    Map<String, List<String>> outputs = new TreeMap<>();
    try {
      for (int i = 0; i < script.size(); i++) {
        if (i == cut) {
          HarnessState.drainInto(outputs, h, r -> ValueTierRanking.PORTFOLIO);
          OperatorSubtaskState state = h.snapshot(1, 1);
          h.close();
          h = harness(state);
        }
        Object step = script.get(i);
        if (step instanceof CustomerEvent e) {
          h.processElement(held(CustomerEvent.newBuilder(e).build()));
        } else {
          h.processWatermark((Long) step);
        }
      }
      HarnessState.drainInto(outputs, h, r -> ValueTierRanking.PORTFOLIO);
      return new Run(outputs, HarnessState.keyedStateEntries(h), h.numEventTimeTimers());
    } finally {
      h.close();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ControlMessage>
      harness(OperatorSubtaskState restore) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ValueTierRanking()),
            e -> ValueTierRanking.PORTFOLIO,
            Types.STRING);
    h.setup();
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  /** An event at its own time: held until the watermark passes it. */
  private static StreamRecord<CustomerEvent> held(CustomerEvent event) {
    return new StreamRecord<>(event, event.getEventTime().toEpochMilli());
  }

  private static List<StreamRecord<ValueTierThresholds>> records(
      KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ControlMessage> h) {
    List<StreamRecord<ValueTierThresholds>> out = new ArrayList<>();
    for (StreamRecord<? extends ControlMessage> r : h.extractOutputStreamRecords()) {
      out.add(new StreamRecord<>(r.getValue().getValueTiers(), r.getTimestamp()));
    }
    return out;
  }

  private static CustomerEvent cancelled(Instant when) {
    return subscription(when, SubscriptionEventType.CANCELLED, b -> {});
  }

  private static CustomerEvent planChanged(Instant when, long mrr) {
    return subscription(when, SubscriptionEventType.PLAN_CHANGED, b -> b.setMrrMinor(mrr));
  }
}
