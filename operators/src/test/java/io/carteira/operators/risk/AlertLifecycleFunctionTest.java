package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The alert lifecycle: open, escalate, resolve; one alert per episode; the same ids on a replay.
 */
class AlertLifecycleFunctionTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void aConditionOpensOneAlertAndResolvesWhenItClears() throws Exception {
    try (var h = harness()) {
      send(h, context(0, 70, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 0)));
      send(h, context(1, 60, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 1)));
      send(h, context(2, 80, HealthBand.HEALTHY, T0.plus(Duration.ofDays(2))));
      List<RiskAlert> alerts = alerts(h);
      assertThat(alerts)
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
      assertThat(alerts).extracting(RiskAlert::getAlertId).containsOnly(alerts.get(0).getAlertId());
      assertThat(alerts.get(0).getRecommendedAction()).contains("Collections calls");
      assertThat(alerts.get(0).getReasons().get(0)).contains("dunning ladder ended unpaid");
      assertThat(alerts.get(0).getChurnType()).isEqualTo(ChurnType.INVOLUNTARY);
      assertThat(alerts.get(0).getMrrAtRiskMinor()).isEqualTo(9_900);
      assertThat(alerts.get(1).getReasons()).contains("Resolved: the condition cleared");
    }
  }

  @Test
  void anEpisodeStillOpenAfterTheEscalationTimeEscalatesOnce() throws Exception {
    try (var h = harness()) {
      send(h, context(0, 70, HealthBand.ATTENTION, null, condition("SILENCE", 0)));
      h.processWatermark(T0.plus(Duration.ofDays(6)).toEpochMilli());
      assertThat(alerts(h)).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
      h.processWatermark(T0.plus(Duration.ofDays(30)).toEpochMilli());
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
      assertThat(alerts(h).get(1).getReasons()).contains("Escalated: unresolved after 7 days");
    }
  }

  @Test
  void aRisingScoreEscalates() throws Exception {
    try (var h = harness()) {
      send(h, context(0, 90, HealthBand.HEALTHY, null, condition("SILENCE", 0)));
      send(h, context(1, 40, HealthBand.AT_RISK, null, condition("SILENCE", 0)));
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
      assertThat(alerts(h).get(1).getRiskScore()).isGreaterThan(alerts(h).get(0).getRiskScore());
    }
  }

  @Test
  void aVoluntaryConditionThatFlickersDoesNotFlap() throws Exception {
    try (var h = harness()) {
      send(h, context(0, 70, HealthBand.ATTENTION, null, condition("USAGE_COLLAPSE", 0)));
      send(h, context(1, 75, HealthBand.HEALTHY, null)); // clear, but within the 72-hour cool-down
      send(h, context(2, 70, HealthBand.ATTENTION, null, condition("USAGE_COLLAPSE", 2)));
      h.processWatermark(T0.plus(Duration.ofDays(3)).toEpochMilli());
      assertThat(alerts(h)).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
      send(h, context(4, 80, HealthBand.HEALTHY, null));
      h.processWatermark(T0.plus(Duration.ofDays(4)).plus(Duration.ofHours(71)).toEpochMilli());
      assertThat(alerts(h)).hasSize(1);
      h.processWatermark(T0.plus(Duration.ofDays(4)).plus(Duration.ofHours(72)).toEpochMilli());
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    }
  }

  @Test
  void repeatedSequenceDetectionsUpdateOneAlertAndAPaymentResolvesIt() throws Exception {
    try (var h = harness()) {
      send(h, context(0, 60, HealthBand.ATTENTION, null));
      send(h, sequence("FAILED_PAYMENT_STREAK", ChurnType.INVOLUNTARY, 6));
      send(h, sequence("FAILED_PAYMENT_STREAK", ChurnType.INVOLUNTARY, 9));
      assertThat(alerts(h)).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
      send(
          h,
          context(
              5,
              60,
              HealthBand.ATTENTION,
              T0.plus(Duration.ofDays(5)))); // a payment before the last detection
      assertThat(alerts(h)).hasSize(1);
      send(h, context(10, 80, HealthBand.HEALTHY, T0.plus(Duration.ofDays(10))));
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
      assertThat(alerts(h).get(1).getReasons()).contains("Resolved: a payment succeeded");
    }
  }

  @Test
  void aSequenceEpisodeWithNoFurtherSignsExpires() throws Exception {
    try (var h = harness()) {
      send(h, sequence("DOWNGRADE_SPIRAL", ChurnType.VOLUNTARY, 0));
      h.processWatermark(T0.plus(Duration.ofDays(46)).toEpochMilli());
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED, AlertStatus.RESOLVED);
      assertThat(alerts(h).get(2).getReasons()).contains("Resolved: no further signs in 45 days");
    }
  }

  @Test
  void aChurnedCustomerHasItsEpisodesClosed() throws Exception {
    try (var h = harness()) {
      send(h, context(0, 30, HealthBand.AT_RISK, null, condition("CANCELLATION_REQUESTED", 0)));
      RiskContext gone = context(7, 20, HealthBand.CRITICAL, null).getContext();
      gone.setChurned(true);
      gone.setWatched(false);
      send(h, new RiskSignal("cus-1", T0.plus(Duration.ofDays(7)), null, gone, false));
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
      assertThat(alerts(h).get(1).getReasons()).contains("Closed: the customer cancelled");
      send(
          h,
          sequence(
              "FAILED_PAYMENT_STREAK",
              ChurnType.INVOLUNTARY,
              5)); // CEP's match, later than the cancellation
      assertThat(alerts(h)).hasSize(2);
      h.processWatermark(T0.plus(Duration.ofDays(60)).toEpochMilli());
      var operator =
          (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator();
      assertThat(
              ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                      operator.getKeyedStateBackend())
                  .numKeyValueStateEntries())
          .isZero();
    }
  }

  @Test
  void aReplayOfTheSameInputGivesTheSameAlerts() throws Exception {
    List<List<RiskAlert>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (var h = harness()) {
        send(h, context(0, 70, HealthBand.ATTENTION, null, condition("SILENCE", 0)));
        send(h, sequence("DOWNGRADE_SPIRAL", ChurnType.VOLUNTARY, 1));
        h.processWatermark(T0.plus(Duration.ofDays(60)).toEpochMilli());
        runs.add(alerts(h));
      }
    }
    assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
  }

  @Test
  void aDetectionThatArrivesAfterALaterContextCountsAtItsOwnTime() throws Exception {
    // CEP sends a match only when its (coarse) watermark passes; the customer's context comes at
    // once. Held until the watermark passes them, both are handled in event-time order.
    List<RiskSignal> timeline =
        List.of(
            context(0, 60, HealthBand.ATTENTION, null),
            sequence("FAILED_PAYMENT_STREAK", ChurnType.INVOLUNTARY, 6),
            context(10, 80, HealthBand.HEALTHY, T0.plus(Duration.ofDays(10))));
    List<List<RiskAlert>> runs = new ArrayList<>();
    for (List<Integer> arrival : List.of(List.of(0, 1, 2), List.of(0, 2, 1), List.of(2, 1, 0))) {
      try (var h = harness()) {
        for (int i : arrival) {
          h.processElement(timeline.get(i), timeline.get(i).getEventTime().toEpochMilli());
        }
        h.processWatermark(T0.plus(Duration.ofDays(11)).toEpochMilli());
        runs.add(alerts(h));
      }
    }
    assertThat(runs.get(0))
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    assertThat(runs.get(0).get(1).getReasons()).contains("Resolved: a payment succeeded");
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
    assertThat(runs.get(2)).isEqualTo(runs.get(0));
  }

  @Test
  void reasonsComeInBrazilianPortugueseWhenAsked() throws Exception {
    try (var h = harness("pt-BR")) {
      send(h, context(0, 70, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 0)));
      assertThat(alerts(h).get(0).getReasons().get(0)).contains("régua de cobrança");
    }
  }

  @Test
  void aLateSignalOpensANewAlertAtTheLatestInstant_neverUnderTheIdOfTheOneItResolved()
      throws Exception {
    try (var h = harness()) {
      // the dunning ladder ends unpaid on day 0, the customer pays on day 1: an involuntary
      // condition resolves at once (cool-down 0)
      send(h, context(0, 70, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 0)));
      send(h, context(1, 80, HealthBand.HEALTHY, T0.plus(Duration.ofDays(1))));
      // then a context stamped day 0 arrives late (its input partition was idle a while): the
      // watermark is past it, so it is applied at once, and the condition is active in it
      RiskSignal late =
          context(0, 70, HealthBand.ATTENTION, null, condition("DUNNING_EXHAUSTED", 0));
      h.processElement(late, late.getEventTime().toEpochMilli());
      List<RiskAlert> alerts = alerts(h);
      assertThat(alerts)
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED, AlertStatus.OPEN);
      // a new alert, with an id of its own, opened at the time of the customer's latest alert
      // record (day 1): its records never go back in time
      assertThat(alerts.get(2).getAlertId()).isNotEqualTo(alerts.get(0).getAlertId());
      assertThat(alerts.get(2).getEventTime()).isEqualTo(T0.plus(Duration.ofDays(1)));
    }
  }

  // --- support

  static KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert> harness()
      throws Exception {
    return harness("en");
  }

  private static KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert>
      harness(String locale) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new AlertLifecycleFunction(locale), List.of(AlertLifecycleFunction.POLICIES)),
            RiskSignal::getCustomerId,
            Types.STRING,
            1,
            1,
            0);
    h.setup();
    h.open();
    h.processBroadcastWatermark(Long.MAX_VALUE);
    // what an alert does once open, whatever the risk score the built-in policy requires first
    h.processBroadcastElement(
        io.carteira.operators.support.Policies.everyPrecursorOpensMessage(), 0L);
    return h;
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert> h,
      RiskSignal signal)
      throws Exception {
    // the lifecycle holds a signal until the watermark passes it: move the watermark to it (never
    // back)
    h.processElement(signal, signal.getEventTime().toEpochMilli());
    h.processWatermark(signal.getEventTime().toEpochMilli());
  }

  static List<RiskAlert> alerts(
      KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert> h) {
    List<RiskAlert> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add((RiskAlert) r.getValue());
      }
    }
    return out;
  }

  private static Detection condition(String pattern, int day) {
    Instant at = T0.plus(Duration.ofDays(day));
    return new Detection(
        pattern,
        ChurnPattern.valueOf(pattern).churnType(),
        new ArrayList<>(
            List.of(
                new EvidenceEvent("inv-1", "INVOICE_OVERDUE", at, "31 days past due, 9900 BRL"))),
        at,
        at,
        "t",
        at);
  }

  private static RiskSignal context(
      int day, int health, HealthBand band, Instant lastPayment, Detection... conditions) {
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
    return new RiskSignal("cus-1", T0.plus(Duration.ofDays(day)), null, context, false);
  }

  private static RiskSignal sequence(String pattern, ChurnType type, int day) {
    Instant at = T0.plus(Duration.ofDays(day));
    Detection d =
        new Detection(
            pattern,
            type,
            new ArrayList<>(List.of(new EvidenceEvent("e" + day, "CONTRACTION", at, "MRR 2 → 1"))),
            at,
            at.plus(Duration.ofDays(30)),
            "t",
            at);
    return new RiskSignal("cus-1", at, d, null, false);
  }
}
