package io.carteira.operators.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** {@link RecentEventIds} in a keyed operator: what it remembers, registers and forgets. */
class RecentEventIdsStateTest {

  private static final Duration RETENTION = Duration.ofHours(25).plusMinutes(10);
  private static final String CUSTOMER = "cus-42";

  /** Input: customer, event id, event time; output: the ids passed (first time only). */
  static final class Dedup
      extends KeyedProcessFunction<String, Tuple3<String, String, Long>, String> {
    final RecentEventIds ids = new RecentEventIds(RETENTION);
    transient MapState<String, Boolean> seen;
    transient ListState<Tuple2<Long, String>> toForget;

    @Override
    public void open(OpenContext context) {
      ids.open(getRuntimeContext());
      seen =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN));
      toForget =
          getRuntimeContext()
              .getListState(
                  new ListStateDescriptor<>(
                      "event-ids-to-forget", Types.TUPLE(Types.LONG, Types.STRING)));
    }

    @Override
    public void processElement(
        Tuple3<String, String, Long> event, Context ctx, Collector<String> out) throws Exception {
      if (event.f1.startsWith("earlier-build:")) {
        // what a build with quarter-retention buckets left in state: an id, its bucket, its timer
        long forgetAt = event.f2;
        seen.put(event.f1, Boolean.TRUE);
        toForget.add(Tuple2.of(forgetAt, event.f1));
        ctx.timerService().registerEventTimeTimer(forgetAt);
        return;
      }
      if (ids.firstTime(event.f0, event.f1, event.f2, ctx.timerService())) {
        out.collect(event.f1);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
        throws Exception {
      ids.forget(ctx.getCurrentKey(), timestamp);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          String, Tuple3<String, String, Long>, String>
      harness() throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Dedup()), e -> e.f0, Types.STRING);
    h.open();
    return h;
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, String, Long>, String> h,
      String id,
      long eventTime)
      throws Exception {
    h.processElement(Tuple3.of(CUSTOMER, id, eventTime), eventTime);
  }

  private static List<String> passed(
      KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, String, Long>, String> h) {
    List<String> ids = new ArrayList<>();
    h.extractOutputValues().forEach(ids::add);
    return ids;
  }

  @Test
  void aRepeatWithinTheRetentionIsDroppedAndItsIdForgottenAtItsBucket() throws Exception {
    try (var h = harness()) {
      long t = at("2026-03-02T09:00:00Z");
      send(h, "pay-1", t);
      send(h, "pay-1", t);
      send(h, "pay-2", t + 60_000);
      assertThat(passed(h)).containsExactly("pay-1", "pay-2");
      // one timer for both ids: one bucket
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      long forgetAt = new RecentEventIds(RETENTION).forgetAt(CUSTOMER, t);
      h.processWatermark(forgetAt - 1);
      send(h, "pay-1", forgetAt - 1);
      assertThat(passed(h)).containsExactly("pay-1", "pay-2");
      h.processWatermark(forgetAt);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void idsAnEarlierBuildBucketedByAQuarterOfTheRetentionAreForgottenAtTheirTimers()
      throws Exception {
    try (var h = harness()) {
      long t = at("2026-03-02T09:00:00Z");
      long bucket = Duration.ofHours(6).toMillis();
      long phase = earlierPhase(CUSTOMER, bucket);
      long due = t + RETENTION.toMillis();
      long earlierForgetAt = due - Math.floorMod(due - phase, bucket) + bucket;
      assertThat(Math.floorMod(earlierForgetAt, Duration.ofHours(1).toMillis()))
          .as("off the hour, so only the earlier buckets' phase explains it")
          .isNotZero();
      h.processElement(Tuple3.of(CUSTOMER, "earlier-build:pay-0", earlierForgetAt), t);
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);

      h.processWatermark(earlierForgetAt);

      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  /** The phase a build with buckets of {@code bucket} drew for a customer. */
  private static long earlierPhase(String customerId, long bucket) {
    int mixed = customerId.hashCode() * 0x9E3779B9;
    long seconds = bucket / 1000;
    return Math.floorMod(mixed ^ (mixed >>> 16), seconds) * 1000 % bucket;
  }
}
