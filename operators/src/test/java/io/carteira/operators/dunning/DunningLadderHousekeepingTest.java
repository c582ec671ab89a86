package io.carteira.operators.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.HarnessState;
import io.carteira.operators.support.Policies;
import io.carteira.schemas.Channel;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping of the dunning ladder: a customer's book stays while it may still matter (a paid
 * invoice is taken off its ladder at once, but the book keeps the payment history, the paid ids and
 * the journeys) and is dropped, with its timer, {@code retention_days} after the customer's latest
 * payment or subscription event; and a snapshot taken at any point of a timeline restores into a
 * run that sends exactly what the uninterrupted run sends. São Paulo time; quiet hours 21:00–08:00.
 */
class DunningLadderHousekeepingTest {

  private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
  private static final String CUSTOMER = "cus-1";
  private static final String OTHER = "cus-2";
  private static final Duration RETENTION = Duration.ofDays(400); // the built-in policy's

  private int seq;

  @Test
  void anInvoicePaidBeforeItsDueDateLeavesOnlyTheBookUntilTheRetentionEnds() throws Exception {
    Instant paidAt = local(3, 7, 15, 0);
    Instant gone = paidAt.plus(RETENTION);
    try (var h = harness(null)) {
      send(h, issued(CUSTOMER, "inv-1", local(3, 2, 9, 0), LocalDate.of(2026, 3, 9)));
      assertThat(entries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).as("the pre-due reminder").isEqualTo(1);
      h.processWatermark(paidAt.toEpochMilli());
      List<StreamRecord<DunningAction>> sent = records(h);
      assertThat(sent).hasSize(1);
      assertThat(sent.get(0).getValue().getActionType())
          .isEqualTo(DunningActionType.PRE_DUE_REMINDER);
      // three days before the due date, at the end of quiet hours: 08:00 local, 11:00 UTC
      assertThat(sent.get(0).getTimestamp())
          .isEqualTo(Instant.parse("2026-03-06T11:00:00Z").toEpochMilli());
      assertThat(sent.get(0).getValue().getScheduledFor())
          .isEqualTo(Instant.parse("2026-03-06T11:00:00Z"));

      send(h, paid(CUSTOMER, "inv-1", paidAt));
      // the first overdue reminder's timer is still pending; it fires, finds nothing and leaves
      // the retention timer
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(local(3, 14, 0, 0).toEpochMilli());
      assertThat(records(h)).as("nothing after the payment").hasSize(1);
      // by design the book stays: the paid invoice ids (for a payment read before its invoice)
      // and the journeys live in it until the retention ends
      assertThat(entries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).as("the retention timer").isEqualTo(1);

      h.processWatermark(gone.toEpochMilli() - 1);
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(gone.toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(records(h)).as("the book ends silently").hasSize(1);
    }
  }

  @Test
  void anUnpaidInvoiceClimbsToTheEndOfItsLadderAndTheBookEndsAtTheRetention() throws Exception {
    Instant issuedAt = local(3, 2, 9, 0);
    try (var h = harness(null)) {
      send(h, issued(CUSTOMER, "inv-1", issuedAt, LocalDate.of(2026, 3, 9)));
      h.processWatermark(local(4, 30, 0, 0).toEpochMilli());
      List<StreamRecord<DunningAction>> sent = records(h);
      assertThat(sent)
          .extracting(r -> r.getValue().getDaysPastDue())
          .containsExactly(0, 4, 8, 12, 15, 25);
      // each step at 08:00 local on its day: due 9 March, day 25 is 3 April
      assertThat(sent.get(5).getTimestamp()).isEqualTo(local(4, 3, 8, 0).toEpochMilli());
      assertThat(entries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).as("the retention timer").isEqualTo(1);
      h.processWatermark(issuedAt.plus(RETENTION).toEpochMilli() - 1);
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(issuedAt.plus(RETENTION).toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(records(h)).hasSize(6);
    }
  }

  @Test
  void aCancelledCustomerGetsOneWinBackThenItsBookIsDropped() throws Exception {
    Instant cancelledAt = local(3, 1, 17, 0);
    try (var h = harness(null)) {
      send(h, subscription(CUSTOMER, SubscriptionEventType.CANCELLED, cancelledAt, null));
      h.processWatermark(local(3, 31, 16, 59).toEpochMilli());
      assertThat(records(h)).isEmpty();
      assertThat(h.numEventTimeTimers()).as("the win-back").isEqualTo(1);
      h.processWatermark(local(3, 31, 17, 0).toEpochMilli());
      assertThat(records(h))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getValue().getActionType()).isEqualTo(DunningActionType.WIN_BACK);
                assertThat(r.getTimestamp()).isEqualTo(local(3, 31, 17, 0).toEpochMilli());
              });
      assertThat(h.numEventTimeTimers()).as("the retention timer").isEqualTo(1);
      h.processWatermark(cancelledAt.plus(RETENTION).toEpochMilli() - 1);
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(cancelledAt.plus(RETENTION).toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aShorterRetentionInThePolicyDropsTheBookSooner() throws Exception {
    Instant paidAt = local(3, 7, 15, 0);
    try (var h = harness(null)) {
      h.processBroadcastElement(Policies.policy("default", 2, "{\"retention_days\": 30}"), 0L);
      send(h, issued(CUSTOMER, "inv-1", local(3, 2, 9, 0), LocalDate.of(2026, 3, 9)));
      send(h, paid(CUSTOMER, "inv-1", paidAt));
      h.processWatermark(paidAt.plus(Duration.ofDays(30)).toEpochMilli() - 1);
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(paidAt.plus(Duration.ofDays(30)).toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void anEventAfterTheRetentionEndedStartsAFreshBook() throws Exception {
    // read before the watermark reached the end of the retention: the book ends first, as its
    // timer would have, and the event starts a new one (policy: retention at its minimum, 30 days)
    Instant paidAt = local(3, 7, 15, 0);
    Instant late = paidAt.plus(RETENTION).plus(Duration.ofDays(1));
    try (var h = harness(null)) {
      send(h, issued(CUSTOMER, "inv-1", local(3, 2, 9, 0), LocalDate.of(2026, 3, 9)));
      send(h, paid(CUSTOMER, "inv-1", paidAt));
      send(h, paid(CUSTOMER, "inv-1", late)); // a repeated payment: nothing to recover
      assertThat(entries(h)).isEqualTo(1);
      h.processWatermark(late.plus(RETENTION).toEpochMilli());
      assertThat(entries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(records(h))
          .extracting(r -> r.getValue().getActionType())
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
    }
  }

  @Test
  void restoringASnapshotAtEveryCutOfATwoCustomerTimelineGivesTheUninterruptedRun()
      throws Exception {
    List<Object> script = script();
    assertThat(script).hasSizeBetween(20, 50);
    Run uninterrupted = run(script, -1);
    assertThat(uninterrupted.outputs().get("main " + CUSTOMER)).hasSizeGreaterThan(8);
    // the other customer: a pre-due reminder for each invoice it pays on time, then one win-back
    assertThat(uninterrupted.outputs().get("main " + OTHER))
        .hasSize(3)
        .satisfiesExactly(
            // due on 10 March: the reminder falls due on the 7th at 08:00, and goes out in the
            // catch-up when the payment of the 9th is read, before the watermark reached it
            a ->
                assertThat(a)
                    .startsWith("@" + local(3, 9, 11, 0).toEpochMilli())
                    .contains("\"scheduled_for\": \"2026-03-07T11:00:00Z\""),
            a -> assertThat(a).contains("\"action_type\": \"PRE_DUE_REMINDER\""),
            a ->
                assertThat(a)
                    .startsWith("@" + local(5, 20, 17, 0).toEpochMilli())
                    .contains("\"action_type\": \"WIN_BACK\""));
    assertThat(uninterrupted.outputs()).containsKey("invoice-recoveries " + CUSTOMER);
    assertThat(uninterrupted.entries()).as("both books dropped").isZero();
    assertThat(uninterrupted.timers()).isZero();
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut))
          .as("snapshot and restore before step " + cut)
          .isEqualTo(uninterrupted);
    }
  }

  /**
   * Two customers: one whose first invoice is paid late after a soft decline and a policy change,
   * whose second climbs the ladder and whose contract nears its end; one who pays on time, then
   * cancels and gets a win-back. Ends after both retentions.
   */
  private List<Object> script() {
    seq = 0;
    List<Object> s = new ArrayList<>();
    s.add(subscription(CUSTOMER, SubscriptionEventType.STARTED, local(1, 5, 9, 0), date(9, 30)));
    s.add(subscription(OTHER, SubscriptionEventType.STARTED, local(1, 20, 9, 0), null));
    s.add(issued(CUSTOMER, "inv-1", local(3, 2, 9, 0), date(3, 9)));
    s.add(issued(OTHER, "inv-7", local(3, 2, 10, 0), date(3, 10)));
    s.add(local(3, 6, 12, 0).toEpochMilli());
    s.add(failed(CUSTOMER, "inv-1", "insufficient_funds", local(3, 9, 10, 0)));
    s.add(paid(OTHER, "inv-7", local(3, 9, 11, 0)));
    s.add(local(3, 13, 8, 0).toEpochMilli());
    s.add(
        Policies.policy(
            "default",
            7,
            "{\"dunning\": {\"reminder_days_after_due\": [4, 6, 9],"
                + " \"escalation_days_after_due\": 11}}"));
    s.add(local(3, 16, 12, 0).toEpochMilli());
    s.add(paid(CUSTOMER, "inv-1", local(3, 17, 10, 30)));
    s.add(issued(CUSTOMER, "inv-2", local(4, 2, 9, 0), date(4, 9)));
    s.add(issued(OTHER, "inv-8", local(4, 2, 10, 0), date(4, 10)));
    s.add(local(4, 8, 0, 0).toEpochMilli());
    s.add(paid(OTHER, "inv-8", local(4, 8, 9, 0)));
    s.add(subscription(OTHER, SubscriptionEventType.CANCELLED, local(4, 20, 17, 0), null));
    s.add(local(5, 1, 0, 0).toEpochMilli());
    s.add(local(5, 20, 17, 0).toEpochMilli()); // the win-back
    s.add(local(6, 1, 0, 0).toEpochMilli());
    s.add(failed(CUSTOMER, "inv-2", "expired_card", local(6, 2, 22, 0))); // in quiet hours
    s.add(local(8, 15, 0, 0).toEpochMilli());
    s.add(local(10, 1, 0, 0).toEpochMilli());
    s.add(local(4, 20, 17, 0).plus(RETENTION).toEpochMilli()); // cus-2's book ends
    s.add(local(6, 2, 22, 0).plus(RETENTION).toEpochMilli()); // cus-1's book ends
    return s;
  }

  private record Run(Map<String, List<String>> outputs, int entries, int timers) {}

  private static Run run(List<Object> script, int cut) throws Exception {
    var h = harness(null);
    Map<String, List<String>> outputs = new TreeMap<>();
    try {
      for (int i = 0; i < script.size(); i++) {
        if (i == cut) {
          drain(outputs, h);
          OperatorSubtaskState state = h.snapshot(1, 1);
          h.close();
          h = harness(state);
        }
        Object step = script.get(i);
        if (step instanceof DunningEvent e) {
          send(h, DunningEvent.newBuilder(e).build());
        } else if (step instanceof ControlMessage m) {
          h.processBroadcastElement(ControlMessage.newBuilder(m).build(), 0L);
        } else {
          h.processWatermark((Long) step);
        }
      }
      drain(outputs, h);
      return new Run(outputs, entries(h), h.numEventTimeTimers());
    } finally {
      h.close();
    }
  }

  private static void drain(
      Map<String, List<String>> outputs,
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h) {
    HarnessState.drainInto(outputs, h, HarnessState::customerOf, DunningLadderFunction.RECOVERIES);
  }

  // ---- harness and events

  private static KeyedBroadcastOperatorTestHarness<
          String, DunningEvent, ControlMessage, DunningAction>
      harness(OperatorSubtaskState restore) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new DunningLadderFunction(SAO_PAULO, "pt-BR"),
                List.of(DunningLadderFunction.POLICIES)),
            DunningEvent::getCustomerId,
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
    return h;
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h,
      DunningEvent event)
      throws Exception {
    h.processElement(event, event.getEventTime().toEpochMilli());
  }

  private static int entries(
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h) {
    return HarnessState.keyedStateEntries(h);
  }

  private static List<StreamRecord<DunningAction>> records(
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h) {
    List<StreamRecord<DunningAction>> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add(new StreamRecord<>((DunningAction) r.getValue(), r.getTimestamp()));
      }
    }
    return out;
  }

  /** A local São Paulo time in 2026. */
  private static Instant local(int month, int day, int hour, int minute) {
    return LocalDateTime.of(2026, month, day, hour, minute).atZone(SAO_PAULO).toInstant();
  }

  private static LocalDate date(int month, int day) {
    return LocalDate.of(2026, month, day);
  }

  private DunningEvent issued(String customer, String invoice, Instant when, LocalDate due) {
    PaymentEvent event = payment(customer, PaymentEventType.INVOICE_ISSUED, invoice, when);
    event.setDueDate(due);
    event.setMethod(PaymentMethod.BOLETO);
    event.setPaymentReference("34191.79001 01043.510047 91020.150008 1 14070000014900");
    return journey(event);
  }

  private DunningEvent paid(String customer, String invoice, Instant when) {
    return journey(payment(customer, PaymentEventType.PAYMENT_SUCCEEDED, invoice, when));
  }

  private DunningEvent failed(String customer, String invoice, String code, Instant when) {
    PaymentEvent event = payment(customer, PaymentEventType.PAYMENT_FAILED, invoice, when);
    event.setMethod(PaymentMethod.CARD);
    event.setFailureCode(code);
    event.setAttempt(1);
    return journey(event);
  }

  private PaymentEvent payment(
      String customer, PaymentEventType type, String invoice, Instant when) {
    return PaymentEvent.newBuilder()
        .setEventId("p-" + (++seq))
        .setCustomerId(customer)
        .setEventTime(when)
        .setEventType(type)
        .setInvoiceId(invoice)
        .setAmountMinor(14_900L)
        .build();
  }

  private DunningEvent subscription(
      String customer, SubscriptionEventType type, Instant when, LocalDate contractEnd) {
    SubscriptionEvent event =
        SubscriptionEvent.newBuilder()
            .setEventId("s-" + (++seq))
            .setCustomerId(customer)
            .setEventTime(when)
            .setEventType(type)
            .setContractEndDate(contractEnd)
            .build();
    return DunningEvent.newBuilder(base(customer, when))
        .setSubscription(event)
        .setContractEndDate(contractEnd)
        .setSubscribed(type != SubscriptionEventType.CANCELLED)
        .build();
  }

  private static DunningEvent journey(PaymentEvent payment) {
    return DunningEvent.newBuilder(base(payment.getCustomerId(), payment.getEventTime()))
        .setPayment(payment)
        .build();
  }

  private static DunningEvent base(String customer, Instant when) {
    return DunningEvent.newBuilder()
        .setCustomerId(customer)
        .setEventTime(when)
        .setPolicySegment("default")
        .setPaymentHistory(PaymentBehaviour.UNKNOWN)
        .setCustomerName("Padaria Aurora")
        .setPreferredChannel(Channel.WHATSAPP)
        .setAccountOwner("ana.souza@carteira.example")
        .setSubscribed(true)
        .build();
  }
}
