package io.carteira.operators.customer;

import static io.carteira.operators.support.Customers.as;
import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.seats;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.dedup.RecentEventIds;
import io.carteira.operators.support.Events;
import io.carteira.operators.support.HarnessState;
import io.carteira.operators.support.Policies;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping of the per-customer operator: the state and timers a customer leaves behind return
 * to zero at the end of its retention ({@code retention_days} after its latest event or activity),
 * held events and remembered event ids are released at their instants, and a snapshot taken at any
 * point of a timeline restores into a run that emits exactly what the uninterrupted run emits.
 */
class CustomerStateHousekeepingTest {

  private static final String OTHER = "cus-2";
  private static final Duration RETENTION = Duration.ofDays(400); // the built-in policy's

  /**
   * When the id of an event at {@code eventTime} is forgotten: after the dedup retention of {@link
   * CustomerHarness} (25 h), at the end of its bucket.
   */
  private static Instant idsForgottenAt(Instant eventTime) {
    return Instant.ofEpochMilli(
        new RecentEventIds(Duration.ofHours(25))
            .forgetAt(Events.CUSTOMER, eventTime.toEpochMilli()));
  }

  @Test
  void twoCustomersAreEachRetiredAtTheEndOfTheirOwnRetention() throws Exception {
    Instant cancelledAt = at(20, 9);
    Instant lastLoginOfOther = at(30, 9);
    Instant firstGone = cancelledAt.plus(RETENTION);
    Instant otherGone = lastLoginOfOther.plus(RETENTION);
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(as(OTHER, started(at(0, 10), "profissional", 29_900)))
          .send(invoice(at(1, 6), "inv-1", 9_900, day(10)))
          .send(login(at(2, 9)))
          .send(paid(at(5, 10), "inv-1", 9_900))
          .send(subscription(cancelledAt, SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L)))
          .send(as(OTHER, login(lastLoginOfOther)));
      h.watermark(midnight(32));
      // each customer: its record, its activity record and its snapshot timer's instant; every
      // event id is forgotten by now
      assertThat(h.keyedStateEntries()).isEqualTo(6);
      CustomerHealth cancelled =
          h.snapshots().stream()
              .filter(s -> s.getLifecycle() == Lifecycle.CHURNED)
              .findFirst()
              .orElseThrow();
      assertThat(cancelled.getCustomerId()).isEqualTo(Events.CUSTOMER);
      assertThat(cancelled.getAsOf()).isEqualTo(cancelledAt);

      h.watermark(firstGone.minusMillis(1));
      assertThat(h.keyedStateEntries()).isEqualTo(6);
      int beforeFirstGone = h.snapshots().size();
      h.watermark(firstGone);
      assertThat(h.keyedStateEntries()).as("cus-1 dropped, cus-2 kept").isEqualTo(3);
      assertThat(h.snapshots()).as("retiring emits nothing").hasSize(beforeFirstGone);

      h.watermark(otherGone.minusMillis(1));
      assertThat(h.keyedStateEntries()).isEqualTo(3);
      assertThat(h.timers()).as("cus-2's pending timer: its retention").isEqualTo(1);
      h.watermark(otherGone);
      assertThat(h.keyedStateEntries()).isZero();
      assertThat(h.timers()).isZero();
    }
  }

  @Test
  void aSilentCustomerStepsThroughItsIdleThresholdsAtExactInstantsThenRetires() throws Exception {
    Instant lastLogin = at(30, 9);
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(lastLogin));
      h.clear();
      h.watermark(lastLogin.plus(Duration.ofDays(40)));
      // the engagement penalty steps when more than 7, 14 and 30 whole days have gone by: a
      // snapshot at each of those instants, none with a penalty before the first
      TreeMap<Long, CustomerHealth> byTime = new TreeMap<>();
      h.records().forEach(r -> byTime.put(r.getTimestamp(), r.getValue()));
      long eighthDay = lastLogin.plus(Duration.ofDays(8)).toEpochMilli();
      assertThat(byTime.headMap(eighthDay).values())
          .isNotEmpty()
          .allSatisfy(before -> assertThat(engagementPoints(before)).isZero());
      assertThat(engagementPoints(byTime.get(eighthDay))).isEqualTo(-5);
      assertThat(engagementPoints(byTime.get(lastLogin.plus(Duration.ofDays(15)).toEpochMilli())))
          .isEqualTo(-15);
      CustomerHealth dormant = byTime.get(lastLogin.plus(Duration.ofDays(31)).toEpochMilli());
      assertThat(engagementPoints(dormant)).isEqualTo(-25);
      assertThat(dormant.getSegment().getEngagement()).isEqualTo(Engagement.DORMANT);
      assertThat(dormant.getAsOf()).isEqualTo(lastLogin.plus(Duration.ofDays(31)));
      assertThat(byTime.get(lastLogin.plus(Duration.ofDays(31)).minusMillis(1).toEpochMilli()))
          .isNull();

      h.watermark(lastLogin.plus(RETENTION).minusMillis(1));
      assertThat(h.keyedStateEntries()).isEqualTo(3);
      h.watermark(lastLogin.plus(RETENTION));
      assertThat(h.keyedStateEntries()).isZero();
      assertThat(h.timers()).isZero();
    }
  }

  @Test
  void aShorterRetentionInThePolicyRetiresTheCustomerSooner() throws Exception {
    Instant last = at(3, 9);
    try (var h = CustomerHarness.open()) {
      h.control(Policies.policy("default", 2, "{\"retention_days\": 30}"));
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(subscription(last, SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L)));
      h.watermark(last.plus(Duration.ofDays(30)).minusMillis(1));
      // the customer and its snapshot timer's instant; it never had activity
      assertThat(h.keyedStateEntries()).isEqualTo(2);
      assertThat(h.timers()).isEqualTo(1);
      h.watermark(last.plus(Duration.ofDays(30)));
      assertThat(h.keyedStateEntries()).isZero();
      assertThat(h.timers()).isZero();
    }
  }

  @Test
  void heldEventsAndTheirRememberedIdsAreReleasedAtTheirInstants() throws Exception {
    Instant start = at(0, 9);
    Instant firstLogin = at(0, 11);
    try (var h = CustomerHarness.open()) {
      h.sendHeld(started(start, "essencial", 9_900)).sendHeld(login(firstLogin));
      // held in event-time order (one entry: the map by instant), ids seen and their forgetting
      assertThat(h.keyedStateEntries()).isEqualTo(3);
      // two instants held; both ids forgotten together, two hours apart in one bucket of half the
      // retention
      assertThat(idsForgottenAt(start)).isEqualTo(idsForgottenAt(firstLogin));
      assertThat(h.timers()).isEqualTo(3);
      assertThat(h.snapshots()).isEmpty();

      h.watermark(firstLogin);
      // each at its own instant: the start, then the first activity
      assertThat(h.records())
          .extracting(StreamRecord::getTimestamp)
          .containsExactly(start.toEpochMilli(), firstLogin.toEpochMilli());
      // the customer, its activity and its snapshot timer's instant, the ids still remembered;
      // nothing held any more
      assertThat(h.keyedStateEntries()).isEqualTo(5);

      h.watermark(idsForgottenAt(firstLogin).minusMillis(1));
      assertThat(h.keyedStateEntries()).isEqualTo(5);
      h.watermark(idsForgottenAt(firstLogin));
      assertThat(h.keyedStateEntries()).isEqualTo(3);
    }
  }

  @Test
  void aRepeatedEventIdIsRefusedAcrossASnapshotAndForgottenAfterTheDedupRetention()
      throws Exception {
    CustomerEvent payment = paid(at(3, 9), "inv-1", 4_000);
    OperatorSubtaskState state;
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900))
          .send(invoice(at(1, 6), "inv-1", 10_000, day(10)))
          .send(payment);
      assertThat(h.last().getOpenBalanceMinor()).isEqualTo(6_000);
      state = h.snapshotState();
    }
    try (var h = CustomerHarness.restore(state)) {
      h.sendHeld(CustomerEvent.newBuilder(payment).build());
      h.watermark(at(3, 10));
      assertThat(h.snapshots()).as("the repeat changes nothing").isEmpty();
      h.watermark(idsForgottenAt(payment.getEventTime()));
      assertThat(h.keyedStateEntries())
          .as("the customer and its snapshot timer's instant: it never had activity")
          .isEqualTo(2);
    }
  }

  @Test
  void restoringASnapshotAtEveryCutOfATwoCustomerTimelineGivesTheUninterruptedRun()
      throws Exception {
    List<Object> script = script();
    assertThat(script).hasSizeBetween(20, 50);
    Run uninterrupted = run(script, -1);
    assertThat(uninterrupted.outputs().get("main cus-1")).hasSizeGreaterThan(20);
    assertThat(uninterrupted.outputs().get("main cus-2")).hasSizeGreaterThan(5);
    assertThat(uninterrupted.outputs())
        .containsKeys(
            "portfolio-facts cus-1",
            "portfolio-facts cus-2",
            "journey-events cus-1",
            "risk-context cus-1",
            "churn-signals cus-1");
    assertThat(uninterrupted.entries()).as("both customers retired").isZero();
    assertThat(uninterrupted.timers()).isZero();
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut))
          .as("snapshot and restore before step " + cut)
          .isEqualTo(uninterrupted);
    }
  }

  /**
   * Two customers over a year and more: held events released by a later watermark, a repeated id, a
   * policy and tier change, an invoice that ages past due and is paid late, a failed payment, a
   * cancellation, and the end of both retentions.
   */
  private static List<Object> script() {
    List<Object> s = new ArrayList<>();
    s.add(Policies.tiers(29_900, 9_900, 10));
    s.add(started(at(0, 9), "profissional", 29_900));
    s.add(new Held(as(OTHER, started(at(0, 10), "essencial", 9_900))));
    s.add(new Held(as(OTHER, login(at(0, 11)))));
    s.add(invoice(at(1, 6), "inv-1", 29_900, day(10)));
    s.add(login(at(2, 9)));
    s.add(login(at(2, 15)));
    s.add(seats(at(3, 10), 4));
    CustomerEvent otherInvoice = as(OTHER, invoice(at(4, 6), "inv-9", 9_900, day(12)));
    s.add(otherInvoice);
    s.add(new Held(CustomerEvent.newBuilder(otherInvoice).build())); // a repeat: refused
    s.add(midnight(12).toEpochMilli());
    s.add(failed(at(12, 8), "inv-1", "insufficient_funds"));
    s.add(as(OTHER, paid(at(12, 9), "inv-9", 9_900)));
    s.add(login(at(12, 9)));
    s.add(Policies.policy("default", 3, "{\"grace_period_days\": 1}"));
    s.add(midnight(16).toEpochMilli());
    s.add(new Held(paid(at(16, 10), "inv-1", 29_900)));
    s.add(new Held(as(OTHER, login(at(16, 11)))));
    s.add(midnight(17).toEpochMilli());
    s.add(
        subscription(
            at(20, 9),
            SubscriptionEventType.PLAN_CHANGED,
            b -> b.setPlanId("essencial").setMrrMinor(9_900L)));
    s.add(invoice(at(31, 6), "inv-2", 9_900, day(40)));
    s.add(Policies.tiers(19_900, 9_900, 12));
    s.add(midnight(45).toEpochMilli());
    s.add(paid(at(45, 10), "inv-2", 9_900));
    s.add(
        as(
            OTHER,
            subscription(at(50, 9), SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L))));
    s.add(midnight(95).toEpochMilli());
    s.add(login(at(100, 9)));
    s.add(midnight(200).toEpochMilli());
    s.add(at(50, 9).plus(RETENTION).toEpochMilli()); // cus-2 retires
    s.add(at(100, 9).plus(RETENTION).toEpochMilli()); // cus-1 retires
    return s;
  }

  /** An event sent without moving the watermark: held until a later watermark step. */
  private record Held(CustomerEvent event) {}

  private record Run(Map<String, List<String>> outputs, int entries, int timers) {}

  private static Run run(List<Object> script, int cut) throws Exception {
    CustomerHarness h = CustomerHarness.open();
    Map<String, List<String>> outputs = new TreeMap<>();
    try {
      for (int i = 0; i < script.size(); i++) {
        if (i == cut) {
          drain(outputs, h);
          OperatorSubtaskState state = h.snapshotState();
          h.close();
          h = CustomerHarness.restore(state);
        }
        Object step = script.get(i);
        if (step instanceof CustomerEvent e) {
          h.send(CustomerEvent.newBuilder(e).build());
        } else if (step instanceof Held held) {
          h.sendHeld(CustomerEvent.newBuilder(held.event()).build());
        } else if (step instanceof ControlMessage m) {
          h.control(ControlMessage.newBuilder(m).build());
        } else {
          h.watermark((Long) step);
        }
      }
      drain(outputs, h);
      return new Run(outputs, h.keyedStateEntries(), h.timers());
    } finally {
      h.close();
    }
  }

  private static void drain(Map<String, List<String>> outputs, CustomerHarness h) {
    HarnessState.drainInto(
        outputs,
        h.h,
        HarnessState::customerOf,
        CustomerStateFunction.CHURN_SIGNALS,
        CustomerStateFunction.RISK_CONTEXT,
        CustomerStateFunction.DUNNING_EVENTS,
        CustomerStateFunction.PORTFOLIO_FACTS);
  }

  private static int engagementPoints(CustomerHealth snapshot) {
    assertThat(snapshot).as("a snapshot at that instant").isNotNull();
    return snapshot.getContributions().stream()
        .filter(c -> c.getName().equals("engagement"))
        .mapToInt(c -> c.getPoints())
        .sum();
  }
}
