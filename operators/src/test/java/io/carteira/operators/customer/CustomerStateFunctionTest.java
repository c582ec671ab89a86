package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.CUSTOMER;
import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.seats;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.startedWithContract;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.model.CustomerEventOrder;
import io.carteira.operators.support.Policies;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.ValueTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The per-customer operator with controlled event time: outputs, exact timestamps, timers, state.
 */
class CustomerStateFunctionTest {

  @Test
  void eventsHeldDecodedByABuildFromBefore_areAppliedAfterARestore() throws Exception {
    // builds before events crossed the shuffle encoded held them as Avro records, under this name
    OperatorSubtaskState before;
    try (var old =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new HoldsDecodedAsBefore()),
            CustomerEvent::getCustomerId,
            Types.STRING)) {
      old.open();
      old.processElement(invoice(at(1, 6), "inv-1", 29_900, day(10)), at(1, 6).toEpochMilli());
      old.processElement(started(at(0, 9), "profissional", 29_900), at(0, 9).toEpochMilli());
      before = old.snapshot(1, 1);
    }

    try (var h = CustomerHarness.restore(before)) {
      h.sendHeld(
          paid(at(1, 6), "inv-1", 29_900)); // held encoded, at the same instant as one before
      h.watermark(at(2, 0));

      assertThat(h.last().getPlanId()).isEqualTo("profissional");
      assertThat(h.last().getMrrMinor()).isEqualTo(29_900);
      // the invoice (held before) comes before its payment (held now): paid, nothing open
      assertThat(h.last().getOpenBalanceMinor()).isZero();
      assertThat(h.snapshots()).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aCustomerFromASavepointWithoutItsSnapshotTimerApart_stillAgesByTimer() throws Exception {
    OperatorSubtaskState now;
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "profissional", 29_900))
          .send(invoice(at(1, 6), "inv-1", 29_900, day(10)));
      now = h.h.snapshot(1, 1);
    }
    // builds before kept the snapshot timer's instant in the customer's state alone
    OperatorSubtaskState before;
    try (var strip =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ForgetsSnapshotTimerApart()),
            (String key) -> key,
            Types.STRING)) {
      strip.initializeState(now);
      strip.open();
      strip.processElement(CUSTOMER, 0);
      before = strip.snapshot(2, 2);
    }

    try (var h = CustomerHarness.restore(before)) {
      h.watermark(midnight(13));

      assertThat(h.snapshots()).extracting(CustomerHealth::getDaysPastDue).containsExactly(1, 2, 3);
    }
  }

  /** Drops {@code snapshot-timer-at}: the state as a build from before left it. */
  private static final class ForgetsSnapshotTimerApart
      extends KeyedProcessFunction<String, String, Void> {
    @Override
    public void processElement(String customer, Context ctx, Collector<Void> out) throws Exception {
      getRuntimeContext()
          .getState(new ValueStateDescriptor<>("snapshot-timer-at", Types.LONG))
          .clear();
    }
  }

  /** What customer-state held, and how, before events crossed the shuffle encoded. */
  private static final class HoldsDecodedAsBefore
      extends KeyedProcessFunction<String, CustomerEvent, Void> {
    private final EventTimeOrder<CustomerEvent> held =
        new EventTimeOrder<>(
            "events-in-event-time-order",
            new AvroTypeInfo<>(CustomerEvent.class),
            CustomerEventOrder.SAME_INSTANT);

    @Override
    public void open(OpenContext context) {
      held.open(getRuntimeContext());
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<Void> out)
        throws Exception {
      held.hold(event, event.getEventTime().toEpochMilli(), ctx.timerService());
    }
  }

  @Test
  void anOverdueInvoiceAgesByTimerUntilPaid() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "profissional", 29_900))
          .send(invoice(at(1, 6), "inv-1", 29_900, day(10)));
      h.clear();

      h.watermark(midnight(14));

      List<StreamRecord<CustomerHealth>> aging = h.records();
      assertThat(aging).extracting(r -> r.getValue().getDaysPastDue()).containsExactly(1, 2, 3, 4);
      assertThat(aging)
          .extracting(StreamRecord::getTimestamp)
          .containsExactly(
              midnight(11).toEpochMilli(),
              midnight(12).toEpochMilli(),
              midnight(13).toEpochMilli(),
              midnight(14).toEpochMilli());
      assertThat(aging)
          .extracting(r -> r.getValue().getLifecycle())
          .containsExactly(
              Lifecycle.ONBOARDING, Lifecycle.ONBOARDING, Lifecycle.ONBOARDING, Lifecycle.PAST_DUE);

      h.clear();
      h.send(paid(at(14, 10), "inv-1", 29_900));
      assertThat(h.last().getDaysPastDue()).isZero();
      assertThat(h.last().getOpenBalanceMinor()).isZero();
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.ONBOARDING);
    }
  }

  @Test
  void pastDueStartsOnlyAfterTheGracePeriod() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(invoice(at(1, 6), "inv-1", 9_900, day(10)));
      h.watermark(midnight(13)); // 3 days past due: the last day of the 3-day grace
      assertThat(h.last().getDaysPastDue()).isEqualTo(3);
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.ONBOARDING);
      h.watermark(midnight(14)); // 4 days: past it
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
    }
  }

  @Test
  void onboardingEndsByTimerAlone() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(89, 9)));
      h.clear();
      h.watermark(at(90, 9).minusMillis(1));
      assertThat(h.snapshots())
          .extracting(CustomerHealth::getLifecycle)
          .doesNotContain(Lifecycle.ACTIVE);
      h.watermark(at(90, 9));
      assertThat(h.records())
          .last()
          .satisfies(
              r -> {
                assertThat(r.getValue().getLifecycle()).isEqualTo(Lifecycle.ACTIVE);
                assertThat(r.getTimestamp()).isEqualTo(at(90, 9).toEpochMilli());
                assertThat(r.getValue().getLastEventId()).startsWith("timer:");
              });
    }
  }

  @Test
  void theRenewalWindowOpensByTimerAlone() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(startedWithContract(at(0, 9), "profissional", 29_900, day(200), 10));
      h.watermark(midnight(139));
      assertThat(h.last().getLifecycle()).isNotEqualTo(Lifecycle.RENEWAL);
      h.watermark(midnight(140)); // 60 days before the contract ends
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.RENEWAL);
      assertThat(h.last().getPortfolioStatus()).isEqualTo(PortfolioStatus.IN_RENEWAL);
      h.send(
          subscription(
              at(150, 9), SubscriptionEventType.RENEWED, b -> b.setContractEndDate(day(565))));
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.ACTIVE);
    }
  }

  @Test
  void prospectChurnedAndReactivated() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(
          subscription(
              at(0, 9),
              SubscriptionEventType.PROFILE_UPDATED,
              b -> b.setCustomerName("Ótica Ipê")));
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.PROSPECT);
      assertThat(h.last().getPortfolioStatus()).isEqualTo(PortfolioStatus.PROSPECT);
      h.send(started(at(1, 9), "essencial", 9_900));
      h.send(subscription(at(30, 9), SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L)));
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.CHURNED);
      assertThat(h.last().getPortfolioStatus()).isEqualTo(PortfolioStatus.INACTIVE);
      h.send(started(at(60, 9), "essencial", 9_900));
      assertThat(h.last().getLifecycle()).isEqualTo(Lifecycle.REACTIVATED);
    }
  }

  @Test
  void silenceMakesACustomerDormantByTimer() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(1, 9)));
      assertThat(h.last().getSegment().getEngagement()).isEqualTo(Engagement.HIGH);
      h.watermark(at(1, 9).plus(Duration.ofDays(31)).minusMillis(1));
      assertThat(h.last().getSegment().getEngagement()).isEqualTo(Engagement.LOW);
      h.watermark(at(1, 9).plus(Duration.ofDays(31)));
      assertThat(h.last().getSegment().getEngagement()).isEqualTo(Engagement.DORMANT);
      assertThat(h.last().getContributions())
          .anySatisfy(c -> assertThat(c.getDetail()).isEqualTo("no activity for 31 days"));
    }
  }

  @Test
  void usageCollapsingAgainstItsOwnBaselineLowersEngagement() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "profissional", 29_900)); // day 0 is a Monday
      for (int week = 0; week < 4; week++) {
        for (int d = 0; d < 5; d++) {
          h.send(login(at(week * 7 + d, 10)));
        }
      }
      h.send(login(at(28, 10))); // week 5: one login against a baseline of five
      h.watermark(midnight(35));
      CustomerHealth health = h.last();
      assertThat(health.getUsageTrend()).isEqualTo(0.2);
      assertThat(health.getSegment().getEngagement()).isEqualTo(Engagement.LOW);
      assertThat(health.getContributions())
          .anySatisfy(
              c -> {
                assertThat(c.getName()).isEqualTo("engagement_trend");
                assertThat(c.getDetail()).isEqualTo("usage at 20% of its usual");
              });
    }
  }

  @Test
  void seatsPressingOnThePlanLimitShowExpansionPotential() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(startedWithContract(at(0, 9), "profissional", 29_900, day(365), 10));
      h.send(seats(at(1, 9), 8));
      assertThat(h.last().getExpansionPotential()).isFalse();
      h.send(seats(at(2, 9), 9));
      assertThat(h.last().getExpansionPotential()).isTrue();
      assertThat(h.last().getPlanUtilisation()).isEqualTo(0.9);
    }
  }

  @Test
  void theValueTierComesFromThePortfolioRankingAndPicksThePolicy() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.control(Policies.tiers(99_000, 29_900, 100));
      h.control(Policies.policy("key_account", 7, "{\"grace_period_days\": 10}"));
      h.send(started(at(0, 9), "profissional", 29_900));
      assertThat(h.last().getSegment().getValueTier()).isEqualTo(ValueTier.MID_MARKET);
      assertThat(h.last().getPolicySegment()).isEqualTo("default");
      assertThat(h.last().getPolicyVersion()).isZero();
      h.send(
          subscription(
              at(5, 9),
              SubscriptionEventType.PLAN_CHANGED,
              b -> b.setPlanId("empresarial").setMrrMinor(99_000L)));
      assertThat(h.last().getSegment().getValueTier()).isEqualTo(ValueTier.KEY_ACCOUNT);
      assertThat(h.last().getPolicySegment()).isEqualTo("key_account");
      assertThat(h.last().getPolicyVersion()).isEqualTo(7);
    }
  }

  @Test
  void aNewPolicyChangesLaterSnapshotsNotEarlierOnes() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(invoice(at(1, 6), "inv-1", 9_900, day(10)));
      h.watermark(midnight(15));
      CustomerHealth before = h.last();
      assertThat(before.getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
      assertThat(before.getPolicyVersion()).isZero();

      h.control(
          Policies.policy(
              "default",
              2,
              "{\"grace_period_days\": 10, \"health\": {\"weights\": {\"days_past_due\": 0.5}}}"));
      h.watermark(midnight(16));

      CustomerHealth after = h.last();
      assertThat(after.getPolicyVersion()).isEqualTo(2);
      assertThat(after.getLifecycle())
          .isEqualTo(Lifecycle.ONBOARDING); // 6 days past due, within 10 days of grace
      assertThat(after.getContributions())
          .anySatisfy(
              c -> {
                assertThat(c.getName()).isEqualTo("days_past_due");
                assertThat(c.getPoints()).isEqualTo(-11); // (10 + 2 × 6) × 0.5
              });
      assertThat(before.getPolicyVersion()).isZero();
    }
  }

  @Test
  void aCustomerGoneLongerThanTheRetentionLeavesNoStateOrTimer() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(1, 9)));
      h.send(subscription(at(2, 9), SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L)));
      // the customer record, its activity record, its snapshot timer's instant, its recent event
      // ids and their forgetting list
      assertThat(h.keyedStateEntries()).isEqualTo(5);
      h.watermark(midnight(4));
      assertThat(h.keyedStateEntries())
          .isEqualTo(3); // event ids forgotten after the dedup retention
      h.watermark(at(2, 9).plus(Duration.ofDays(400)).minusMillis(1));
      assertThat(h.keyedStateEntries()).isEqualTo(3);
      h.watermark(at(2, 9).plus(Duration.ofDays(400)));
      assertThat(h.keyedStateEntries()).isZero();
      assertThat(h.timers()).isZero();
    }
  }

  @Test
  void aRepeatedEventIdIsProcessedOnce() throws Exception {
    try (var h = CustomerHarness.open()) {
      CustomerEvent partial = paid(at(3, 9), "inv-1", 4_000);
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(invoice(at(1, 6), "inv-1", 10_000, day(10)));
      h.send(partial).send(partial);
      assertThat(h.last().getOpenBalanceMinor()).isEqualTo(6_000);
      h.send(paid(at(4, 9), "inv-1", 6_000)).send(partial);
      assertThat(h.last().getOpenBalanceMinor()).isZero();
    }
  }

  @Test
  void endOfInputFiresNoAgingStorm() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(invoice(at(1, 6), "inv-1", 9_900, day(10)));
      h.clear();
      h.watermark(Long.MAX_VALUE);
      assertThat(h.snapshots()).isEmpty();
    }
  }

  @Test
  void restoringASnapshotAtEveryCutGivesTheUninterruptedOutput() throws Exception {
    List<Object> script = new ArrayList<>();
    script.add(Policies.tiers(29_900, 9_900, 10));
    script.add(started(at(0, 9), "profissional", 29_900));
    script.add(invoice(at(1, 6), "inv-1", 29_900, day(10)));
    script.add(login(at(2, 9)));
    script.add(midnight(12).toEpochMilli());
    script.add(login(at(12, 9)));
    script.add(Policies.policy("default", 3, "{\"grace_period_days\": 1}"));
    script.add(midnight(16).toEpochMilli());
    script.add(paid(at(16, 10), "inv-1", 29_900));
    script.add(invoice(at(31, 6), "inv-2", 29_900, day(40)));
    script.add(midnight(95).toEpochMilli());

    List<String> uninterrupted = run(script, -1);
    assertThat(uninterrupted).hasSizeGreaterThan(20);
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut))
          .as("snapshot and restore before step " + cut)
          .isEqualTo(uninterrupted);
    }
  }

  @Test
  void theSameEventsInAnyArrivalOrderAndWatermarkStepsGiveTheSameOutputs() throws Exception {
    // a customer's events from three topics, two of them at the same instant
    List<CustomerEvent> timeline =
        List.of(
            started(at(0, 9), "profissional", 29_900),
            invoice(at(1, 6), "inv-1", 29_900, day(10)),
            login(at(2, 9)),
            login(at(2, 11)),
            seats(at(3, 10), 4),
            failed(at(10, 8), "inv-1", "insufficient_funds"),
            failed(at(13, 8), "inv-1", "insufficient_funds"),
            login(at(15, 9)),
            subscription(
                at(16, 9),
                SubscriptionEventType.PLAN_CHANGED,
                b -> b.setPlanId("essencial").setMrrMinor(9_900L)),
            paid(at(16, 9), "inv-1", 29_900),
            invoice(at(31, 6), "inv-2", 9_900, day(40)));
    List<String> inOrder = runHeld(timeline, new java.util.Random(0), false);
    assertThat(inOrder).anySatisfy(out -> assertThat(out).contains("PAST_DUE"));
    for (int seed = 1; seed <= 20; seed++) {
      assertThat(runHeld(timeline, new java.util.Random(seed), seed % 2 == 0))
          .as("arrival order %d", seed)
          .isEqualTo(inOrder);
    }
  }

  /**
   * Everything the operator emits (snapshots, risk contexts, churn signals, portfolio facts, with
   * timestamps) for a timeline that arrives shuffled; the watermark either jumps to the end at once
   * or advances day by day, each day's events shuffled and sent before it passes them.
   */
  private static List<String> runHeld(
      List<CustomerEvent> timeline, java.util.Random random, boolean dayByDay) throws Exception {
    try (CustomerHarness h = CustomerHarness.open()) {
      if (dayByDay) {
        for (int day = 0; day <= 45; day++) {
          int end = day;
          List<CustomerEvent> today =
              new ArrayList<>(
                  timeline.stream()
                      .filter(
                          e ->
                              !e.getEventTime().isBefore(midnight(end))
                                  && e.getEventTime().isBefore(midnight(end + 1)))
                      .toList());
          java.util.Collections.shuffle(today, random);
          for (CustomerEvent e : today) {
            h.sendHeld(e);
          }
          h.watermark(midnight(end + 1).toEpochMilli() - 1);
        }
      } else {
        List<CustomerEvent> shuffled = new ArrayList<>(timeline);
        if (random.nextLong() != 0) {
          java.util.Collections.shuffle(shuffled, random);
        }
        for (CustomerEvent e : shuffled) {
          h.sendHeld(e);
        }
        h.watermark(midnight(46).toEpochMilli() - 1);
      }
      List<String> out = new ArrayList<>();
      h.records().forEach(r -> out.add(r.getTimestamp() + " snapshot " + r.getValue()));
      h.riskContexts().forEach(c -> out.add("risk " + c));
      h.churnSignals().forEach(c -> out.add("signal " + c));
      h.facts().forEach(f -> out.add("fact " + f));
      return out;
    }
  }

  private static List<String> run(List<Object> script, int cut) throws Exception {
    CustomerHarness h = CustomerHarness.open();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < script.size(); i++) {
      if (i == cut) {
        out.addAll(drain(h));
        OperatorSubtaskState state = h.snapshotState();
        h.close();
        h = CustomerHarness.restore(state);
      }
      Object step = script.get(i);
      if (step instanceof CustomerEvent e) {
        h.send(e);
      } else if (step instanceof io.carteira.schemas.ControlMessage m) {
        h.control(m);
      } else {
        h.watermark((Long) step);
      }
    }
    out.addAll(drain(h));
    h.close();
    return out;
  }

  private static List<String> drain(CustomerHarness h) {
    List<String> out =
        h.records().stream().map(r -> r.getTimestamp() + " " + r.getValue()).toList();
    h.clear();
    return out;
  }
}
