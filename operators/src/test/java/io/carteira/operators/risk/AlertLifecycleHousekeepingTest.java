package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.carteira.operators.support.HarnessState;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.Detection;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SegmentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping of the alert lifecycle: a customer's book lives while the customer is watched or has
 * an episode, and goes when the last episode resolves (cool-down, expiry) and the customer operator
 * says the watch is over, or 45 days after a cancellation; held signals are released at their
 * instant. Every alert carries the exact event time it happened at. A snapshot taken at any point
 * of a timeline restores into a run that emits exactly what the uninterrupted run emits.
 */
class AlertLifecycleHousekeepingTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final String CUSTOMER = "cus-1";
  private static final String OTHER = "cus-2";

  @Test
  void anInvoluntaryConditionResolvesAtOnceAndTheBookGoesWhenTheWatchEnds() throws Exception {
    try (var h = harness(null)) {
      send(
          h,
          context(CUSTOMER, 0, 70, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 0)));
      assertThat(entries(h)).as("the book").isEqualTo(1);
      assertThat(h.numEventTimeTimers()).as("the escalation after 7 days").isEqualTo(1);
      // cleared on day 2; the involuntary cool-down is 0 hours: resolved at that very instant
      send(h, context(CUSTOMER, 2, 80, HealthBand.HEALTHY, day(2)));
      assertThat(records(h))
          .extracting(r -> r.getValue().getStatus(), StreamRecord::getTimestamp)
          .containsExactly(
              tuple(AlertStatus.OPEN, day(0).toEpochMilli()),
              tuple(AlertStatus.RESOLVED, day(2).toEpochMilli()));
      // still watched (the customer operator's context says so): the book keeps the context
      assertThat(entries(h)).isEqualTo(1);

      send(h, unwatched(CUSTOMER, 3));
      assertThat(entries(h)).isZero();
      // the escalation timer is no longer the book's; it fires on day 7 and finds nothing
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(day(7).toEpochMilli());
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(entries(h)).isZero();
      assertThat(records(h)).hasSize(2);
    }
  }

  @Test
  void aVoluntaryConditionResolvesExactlyWhenItsCoolDownEnds() throws Exception {
    Instant clear = day(1);
    Instant coolDownEnds = clear.plus(Duration.ofHours(72));
    try (var h = harness(null)) {
      send(h, context(CUSTOMER, 0, 70, HealthBand.ATTENTION, null, condition("USAGE_COLLAPSE", 0)));
      send(h, context(CUSTOMER, 1, 80, HealthBand.HEALTHY, null));
      h.processWatermark(coolDownEnds.toEpochMilli() - 1);
      assertThat(records(h))
          .extracting(r -> r.getValue().getStatus())
          .containsExactly(AlertStatus.OPEN);
      h.processWatermark(coolDownEnds.toEpochMilli());
      assertThat(records(h))
          .extracting(r -> r.getValue().getStatus())
          .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
      assertThat(records(h).get(1).getTimestamp()).isEqualTo(coolDownEnds.toEpochMilli());
      assertThat(records(h).get(1).getValue().getEventTime()).isEqualTo(coolDownEnds);
      send(h, unwatched(CUSTOMER, 5));
      h.processWatermark(day(8).toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aSequenceEpisodeWithoutContextEscalatesAndExpiresAndLeavesNothing() throws Exception {
    try (var h = harness(null)) {
      send(h, sequence(CUSTOMER, "DOWNGRADE_SPIRAL", ChurnType.VOLUNTARY, 0));
      h.processWatermark(day(45).toEpochMilli() - 1);
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(day(45).toEpochMilli());
      List<StreamRecord<RiskAlert>> alerts = records(h);
      assertThat(alerts)
          .extracting(r -> r.getValue().getStatus())
          .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED, AlertStatus.RESOLVED);
      assertThat(alerts)
          .extracting(StreamRecord::getTimestamp)
          .containsExactly(day(0).toEpochMilli(), day(7).toEpochMilli(), day(45).toEpochMilli());
      assertThat(entries(h)).as("no episode and no context: nothing kept").isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aCancellationIsRememberedFor45DaysToRecogniseLateMatchesThenForgotten() throws Exception {
    Instant churnedAt = day(7);
    try (var h = harness(null)) {
      send(
          h,
          context(
              CUSTOMER, 0, 30, HealthBand.AT_RISK, null, condition("CANCELLATION_REQUESTED", 0)));
      send(h, churned(CUSTOMER, 7));
      assertThat(records(h))
          .extracting(r -> r.getValue().getStatus(), StreamRecord::getTimestamp)
          .containsExactly(
              tuple(AlertStatus.OPEN, day(0).toEpochMilli()),
              tuple(AlertStatus.RESOLVED, churnedAt.toEpochMilli()));
      send(h, sequence(CUSTOMER, "FAILED_PAYMENT_STREAK", ChurnType.INVOLUNTARY, 20));
      assertThat(records(h)).as("a match after the cancellation opens nothing").hasSize(2);
      h.processWatermark(churnedAt.plus(Duration.ofDays(45)).toEpochMilli() - 1);
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(churnedAt.plus(Duration.ofDays(45)).toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void heldSignalsAreReleasedAtTheirInstantAndAnUnwatchedContextKeepsNoState() throws Exception {
    try (var h = harness(null)) {
      RiskSignal first =
          context(CUSTOMER, 1, 70, HealthBand.ATTENTION, null, condition("SILENCE", 1));
      RiskSignal second = unwatched(OTHER, 1);
      h.processElement(first, first.getEventTime().toEpochMilli());
      h.processElement(second, second.getEventTime().toEpochMilli());
      // one held signal per customer (an entry each), at one instant per customer (a timer each)
      assertThat(entries(h)).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isEqualTo(2);
      h.processWatermark(day(1).toEpochMilli());
      assertThat(records(h))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getTimestamp()).isEqualTo(day(1).toEpochMilli());
                assertThat(r.getValue().getCustomerId()).isEqualTo(CUSTOMER);
              });
      // cus-1's book; cus-2 had nothing open and is not watched: nothing kept for it
      assertThat(entries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).as("cus-1's escalation").isEqualTo(1);
    }
  }

  @Test
  void restoringASnapshotAtEveryCutOfATwoCustomerTimelineGivesTheUninterruptedRun()
      throws Exception {
    List<Object> script = script();
    assertThat(script).hasSizeBetween(20, 50);
    Run uninterrupted = run(script, -1);
    // escalated after 7 days; a flicker on day 9 does not resolve it; the downgrade spiral of day
    // 11 joins the open voluntary alert (already escalated: no new record); healthy from day 15,
    // the alert resolves once when the voluntary cool-down (72 h) ends for both precursors
    assertThat(summary(uninterrupted.outputs().get("main " + CUSTOMER)))
        .containsExactly(
            "day 0 OPEN SILENCE", "day 7 ESCALATED SILENCE", "day 18 RESOLVED DOWNGRADE_SPIRAL");
    // the streak's detection (day 5) is handled before the later context (day 6) it arrived with;
    // a payment clears it at once; the cancellation closes the open episode, the late match after
    // it opens nothing
    assertThat(summary(uninterrupted.outputs().get("main " + OTHER)))
        .containsExactly(
            "day 5 OPEN FAILED_PAYMENT_STREAK",
            "day 12 ESCALATED FAILED_PAYMENT_STREAK",
            "day 14 RESOLVED FAILED_PAYMENT_STREAK",
            "day 20 OPEN DUNNING_EXHAUSTED",
            "day 27 ESCALATED DUNNING_EXHAUSTED",
            "day 31 RESOLVED DUNNING_EXHAUSTED");
    assertThat(uninterrupted.entries()).as("every book gone").isZero();
    assertThat(uninterrupted.timers()).isZero();
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut))
          .as("snapshot and restore before step " + cut)
          .isEqualTo(uninterrupted);
    }
  }

  /**
   * Two customers over 120 days: conditions that open, flicker, escalate and clear; sequence
   * detections that arrive after a later context and expire; a cancellation followed by a late
   * match; held signals released by a later watermark.
   */
  private static List<Object> script() {
    List<Object> s = new ArrayList<>();
    s.add(new Held(context(CUSTOMER, 0, 70, HealthBand.ATTENTION, null, condition("SILENCE", 0))));
    s.add(new Held(context(OTHER, 0, 60, HealthBand.ATTENTION, null)));
    s.add(day(0).toEpochMilli());
    s.add(new Held(context(OTHER, 6, 60, HealthBand.ATTENTION, null)));
    s.add(new Held(sequence(OTHER, "FAILED_PAYMENT_STREAK", ChurnType.INVOLUNTARY, 5)));
    s.add(day(6).toEpochMilli());
    s.add(context(CUSTOMER, 8, 40, HealthBand.AT_RISK, null, condition("SILENCE", 0)));
    s.add(context(CUSTOMER, 9, 75, HealthBand.HEALTHY, null)); // clear: the cool-down starts
    s.add(context(CUSTOMER, 10, 60, HealthBand.ATTENTION, null, condition("SILENCE", 10)));
    s.add(sequence(CUSTOMER, "DOWNGRADE_SPIRAL", ChurnType.VOLUNTARY, 11));
    s.add(day(12).toEpochMilli());
    s.add(context(OTHER, 14, 80, HealthBand.HEALTHY, day(14))); // paid: the streak clears
    s.add(context(CUSTOMER, 15, 80, HealthBand.HEALTHY, null));
    s.add(day(19).toEpochMilli());
    s.add(context(OTHER, 20, 50, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 20)));
    s.add(day(30).toEpochMilli());
    s.add(churned(OTHER, 31));
    s.add(sequence(OTHER, "DOWNGRADE_SPIRAL", ChurnType.VOLUNTARY, 33)); // after the cancellation
    s.add(day(40).toEpochMilli());
    s.add(unwatched(CUSTOMER, 50));
    s.add(day(57).toEpochMilli());
    s.add(day(76).toEpochMilli()); // cus-2's cancellation forgotten
    s.add(day(120).toEpochMilli());
    return s;
  }

  /** Each alert line as {@code day N[+Hh] STATUS PATTERN}, N and H from T0. */
  private static List<String> summary(List<String> lines) {
    List<String> out = new ArrayList<>();
    Pattern alert = Pattern.compile("^@(\\d+) .*\"pattern\": \"(\\w+)\".*\"status\": \"(\\w+)\"");
    for (String line : lines) {
      Matcher m = alert.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      Duration since = Duration.ofMillis(Long.parseLong(m.group(1)) - T0.toEpochMilli());
      String at =
          "day "
              + since.toDays()
              + (since.toHoursPart() == 0 ? "" : "+" + since.toHoursPart() + "h");
      out.add(at + " " + m.group(3) + " " + m.group(2));
    }
    return out;
  }

  /** A signal sent without moving the watermark: held until a later watermark step. */
  private record Held(RiskSignal signal) {}

  private record Run(Map<String, List<String>> outputs, int entries, int timers) {}

  private static Run run(List<Object> script, int cut) throws Exception {
    var h = harness(null);
    Map<String, List<String>> outputs = new TreeMap<>();
    try {
      for (int i = 0; i < script.size(); i++) {
        if (i == cut) {
          HarnessState.drainInto(outputs, h, HarnessState::customerOf);
          OperatorSubtaskState state = h.snapshot(1, 1);
          h.close();
          h = harness(state);
        }
        Object step = script.get(i);
        if (step instanceof RiskSignal signal) {
          send(h, RiskSignal.newBuilder(signal).build());
        } else if (step instanceof Held held) {
          RiskSignal signal = RiskSignal.newBuilder(held.signal()).build();
          h.processElement(signal, signal.getEventTime().toEpochMilli());
        } else {
          h.processWatermark((Long) step);
        }
      }
      HarnessState.drainInto(outputs, h, HarnessState::customerOf);
      return new Run(outputs, entries(h), h.numEventTimeTimers());
    } finally {
      h.close();
    }
  }

  // ---- harness and signals

  private static KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert>
      harness(OperatorSubtaskState restore) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new AlertLifecycleFunction("en"), List.of(AlertLifecycleFunction.POLICIES)),
            RiskSignal::getCustomerId,
            Types.STRING,
            1,
            1,
            0);
    h.setup();
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    h.processBroadcastWatermark(Long.MAX_VALUE);
    // what an alert does once open, whatever the risk score the built-in policy requires first
    h.processBroadcastElement(
        io.carteira.operators.support.Policies.everyPrecursorOpensMessage(), 0L);
    return h;
  }

  /** Sends a signal and moves the watermark to it, so it is handled now. */
  private static void send(
      KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert> h,
      RiskSignal signal)
      throws Exception {
    h.processElement(signal, signal.getEventTime().toEpochMilli());
    h.processWatermark(signal.getEventTime().toEpochMilli());
  }

  private static int entries(
      KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert> h) {
    return HarnessState.keyedStateEntries(h);
  }

  private static List<StreamRecord<RiskAlert>> records(
      KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert> h) {
    List<StreamRecord<RiskAlert>> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add(new StreamRecord<>((RiskAlert) r.getValue(), r.getTimestamp()));
      }
    }
    return out;
  }

  private static Instant day(int n) {
    return T0.plus(Duration.ofDays(n));
  }

  private static Detection condition(String pattern, int day) {
    Instant at = day(day);
    return new Detection(
        pattern,
        ChurnPattern.valueOf(pattern).churnType(),
        new ArrayList<>(
            List.of(new EvidenceEvent("inv-1", "INVOICE_OVERDUE", at, "31 days past due"))),
        at,
        at,
        "t",
        at);
  }

  private static RiskSignal context(
      String customer,
      int day,
      int health,
      HealthBand band,
      Instant lastPayment,
      Detection... conditions) {
    RiskContext context =
        RiskContext.newBuilder()
            .setHealthScore(health)
            .setHealthBand(band)
            .setMrrMinor(9_900)
            .setSegment(SegmentSnapshot.newBuilder().build())
            .setAccountOwner("ana")
            .setLastPaymentAt(lastPayment)
            .setConditions(new ArrayList<>(List.of(conditions)))
            .setWatched(true)
            .build();
    return new RiskSignal(customer, day(day), null, context, false);
  }

  /** The customer operator's last context once the watch is over: nothing to watch. */
  private static RiskSignal unwatched(String customer, int day) {
    RiskSignal signal = context(customer, day, 90, HealthBand.HEALTHY, null);
    signal.getContext().setWatched(false);
    return signal;
  }

  private static RiskSignal churned(String customer, int day) {
    RiskSignal signal = context(customer, day, 20, HealthBand.CRITICAL, null);
    signal.getContext().setChurned(true);
    signal.getContext().setWatched(false);
    return signal;
  }

  private static RiskSignal sequence(String customer, String pattern, ChurnType type, int day) {
    Instant at = day(day);
    Detection d =
        new Detection(
            pattern,
            type,
            new ArrayList<>(List.of(new EvidenceEvent("e" + day, "CONTRACTION", at, "MRR 2 → 1"))),
            at,
            at.plus(Duration.ofDays(30)),
            "t",
            at);
    return new RiskSignal(customer, at, d, null, false);
  }
}
