package io.carteira.operators.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.Policies;
import io.carteira.schemas.Channel;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.DunningRecipient;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The dunning ladder on Flink's keyed broadcast harness, with event-time timers: each path an
 * invoice can take, the journeys, and the rules that no paid invoice is ever reminded and that a
 * policy change applies from the next step on. Business time zone São Paulo (UTC−3); the default
 * policy's quiet hours are 21:00–08:00, so timed steps go out at 08:00 local (11:00 UTC).
 */
class DunningLadderFunctionTest {

  private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
  private static final String CUSTOMER = "cus-1";
  private static final LocalDate DUE = LocalDate.of(2026, 3, 9);
  private static final String BOLETO_LINE =
      "34191.79001 01043.510047 91020.150008 1 14070000014900";

  private int seq;

  @Test
  void anInvoicePaidBeforeItsDueDateGetsOnlyThePreDueReminder() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(3, 7, 12, 0));
      send(h, paid("inv-1", local(3, 7, 15, 0)));
      h.processWatermark(at(5, 30, 12, 0));
      List<DunningAction> actions = actions(h);
      assertThat(actions)
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
      DunningAction reminder = actions.get(0);
      assertThat(reminder.getScheduledFor())
          .isEqualTo(local(3, 6, 8, 0)); // three days before, after quiet hours
      assertThat(reminder.getChannel()).isEqualTo(Channel.WHATSAPP);
      assertThat(reminder.getLocale()).isEqualTo("pt-BR");
      assertThat(reminder.getPaymentReference()).isEqualTo(BOLETO_LINE);
      assertThat(reminder.getMessage())
          .isEqualTo(
              "Olá, Padaria Aurora! A fatura inv-1 de R$\u00a0149,00 vence em 09/03/2026. "
                  + "Linha digitável do boleto: "
                  + BOLETO_LINE);
      assertThat(recoveries(h)).isEmpty();
    }
  }

  @Test
  void anInvoicePaidAfterTheFirstReminderStopsTheLadderAndIsRecorded() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(3, 13, 8, 0));
      send(h, paid("inv-1", local(3, 14, 10, 30)));
      h.processWatermark(at(5, 30, 12, 0));
      List<DunningAction> actions = actions(h);
      assertThat(actions)
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER, DunningActionType.OVERDUE_REMINDER);
      DunningAction reminder = actions.get(1);
      assertThat(reminder.getDaysPastDue()).isEqualTo(4);
      assertThat(reminder.getDunningStep()).isEqualTo(1);
      assertThat(reminder.getMessage()).contains("venceu em 09/03/2026 e está em aberto há 4 dias");
      InvoiceRecovery recovery = recoveries(h).get(0);
      assertThat(recovery.getDaysToRecover()).isEqualTo(5);
      assertThat(recovery.getLastStep()).isEqualTo("OVERDUE_REMINDER");
      assertThat(recovery.getStepsSent()).isEqualTo(1);
      assertThat(recovery.getAmountMinor()).isEqualTo(14_900);
    }
  }

  @Test
  void aSoftDeclineAnnouncesTheRetryAndASuccessOnRetryEndsIt() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.CARD, local(3, 9, 6, 0)));
      send(h, failed("inv-1", "insufficient_funds", 1, local(3, 9, 10, 0)));
      List<DunningAction> actions = actions(h);
      assertThat(actions)
          .extracting(DunningAction::getActionType)
          .containsExactly(
              DunningActionType.PAYMENT_FAILED_NOTICE, DunningActionType.RETRY_SCHEDULED);
      assertThat(actions.get(1).getRetryAt())
          .isEqualTo(local(3, 10, 10, 0)); // retry_days_after_failure[0] = 1
      assertThat(actions.get(1).getMessage()).contains("novamente em 10/03/2026");
      assertThat(actions.get(0).getMessage()).contains("não foi aprovado (insufficient_funds)");
      send(h, paid("inv-1", local(3, 10, 10, 5)));
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(actions(h))
          .hasSize(
              2); // no card pre-due reminder (the card is not expiring), nothing after the payment
    }
  }

  @Test
  void aHardDeclineAsksForANewMethodAndTheUpdateAnnouncesTheRetry() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.CARD, local(3, 9, 6, 0)));
      send(h, failed("inv-1", "expired_card", 1, local(3, 9, 10, 0)));
      assertThat(actions(h))
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PAYMENT_FAILED_NOTICE);
      assertThat(actions(h).get(0).getMessage()).contains("Cadastre uma nova forma de pagamento");
      send(h, methodUpdated(LocalDate.of(2029, 12, 31), local(3, 10, 14, 0)));
      assertThat(actions(h))
          .extracting(DunningAction::getActionType)
          .containsExactly(
              DunningActionType.PAYMENT_FAILED_NOTICE, DunningActionType.RETRY_SCHEDULED);
      assertThat(actions(h).get(1).getRetryAt()).isEqualTo(local(3, 11, 14, 0));
      send(h, paid("inv-1", local(3, 11, 14, 1)));
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(actions(h)).hasSize(2);
      assertThat(recoveries(h))
          .singleElement()
          .extracting(InvoiceRecovery::getDaysToRecover)
          .isEqualTo(2);
    }
  }

  @Test
  void anUnpaidInvoiceClimbsTheWholeLadderAndStopsAtItsEnd() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(6, 30, 12, 0));
      List<DunningAction> actions = actions(h);
      assertThat(actions)
          .extracting(DunningAction::getActionType)
          .containsExactly(
              DunningActionType.PRE_DUE_REMINDER,
              DunningActionType.OVERDUE_REMINDER,
              DunningActionType.OVERDUE_REMINDER,
              DunningActionType.OVERDUE_REMINDER,
              DunningActionType.ESCALATION,
              DunningActionType.SUSPENSION_WARNING);
      assertThat(actions)
          .extracting(DunningAction::getDaysPastDue)
          .containsExactly(0, 4, 8, 12, 15, 25);
      assertThat(actions)
          .extracting(DunningAction::getDunningStep)
          .containsExactly(null, 1, 2, 3, 4, 5);
      DunningAction escalation = actions.get(4);
      assertThat(escalation.getRecipient()).isEqualTo(DunningRecipient.COLLECTIONS);
      assertThat(escalation.getChannel()).isEqualTo(Channel.PHONE); // messages.channels.ESCALATION
      assertThat(escalation.getMessage()).contains("3 lembrete(s) ficaram sem resposta");
      assertThat(actions.get(5).getMessage()).contains("será suspenso em 5 dias");
      assertThat(actions)
          .extracting(DunningAction::getScheduledFor)
          .allSatisfy(t -> assertThat(t.atZone(SAO_PAULO).toLocalTime().getHour()).isEqualTo(8));
      assertThat(actions).extracting(DunningAction::getActionId).doesNotHaveDuplicates();
    }
  }

  @Test
  void aPaymentAtTheInstantAStepFallsDueWins() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(3, 13, 7, 59));
      send(
          h,
          paid(
              "inv-1",
              local(3, 13, 8, 0))); // the first overdue reminder's send time, to the millisecond
      h.processWatermark(at(3, 13, 8, 0));
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(actions(h))
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
    }
  }

  @Test
  void aLateOutOfOrderPaymentStillStopsTheLadder() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(3, 11, 12, 0)); // two days past due, no reminder yet
      send(h, profileUpdated(local(3, 12, 18, 0)));
      send(
          h,
          paid(
              "inv-1",
              local(3, 12, 9, 0))); // read after a later event, before the watermark reached it
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(actions(h))
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
      assertThat(recoveries(h))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getDaysToRecover()).isEqualTo(3);
                assertThat(r.getLastStep()).isNull();
              });
    }
  }

  @Test
  void aReminderDueBeforeAPaymentIsSentAsIfTheWatermarkHadPassedIt() throws Exception {
    // read while the watermark is still before the pre-due reminder: the ladder catches up to the
    // payment's time first, so what it sends does not depend on where the watermark was
    List<DunningAction> paymentReadEarly;
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      send(h, paid("inv-1", local(3, 7, 15, 0)));
      h.processWatermark(at(5, 30, 12, 0));
      paymentReadEarly = actions(h);
    }
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(3, 7, 14, 0));
      send(h, paid("inv-1", local(3, 7, 15, 0)));
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(paymentReadEarly).isEqualTo(actions(h));
    }
    assertThat(paymentReadEarly)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getActionType()).isEqualTo(DunningActionType.PRE_DUE_REMINDER);
              assertThat(a.getScheduledFor())
                  .isEqualTo(java.time.Instant.parse("2026-03-06T11:00:00Z"));
            });
  }

  @Test
  void overdueStepsInsideTheGracePeriodAreNotSent() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          Policies.policy("default", 2, "{\"grace_period_days\": 8}"), at(3, 1, 0, 0));
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(3, 25, 12, 0));
      assertThat(actions(h)).extracting(DunningAction::getDaysPastDue).containsExactly(0, 12, 15);
      assertThat(actions(h)).extracting(DunningAction::getDunningStep).containsExactly(null, 1, 2);
    }
  }

  @Test
  void aPaymentReadBeforeItsInvoiceStartsNoLadder() throws Exception {
    try (var h = harness()) {
      send(h, paid("inv-1", local(3, 2, 9, 5)));
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(actions(h)).isEmpty();
    }
  }

  @Test
  void aFailureNoticeInQuietHoursWaitsAndIsDroppedWhenTheRetryPaysFirst() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.CARD, local(3, 9, 6, 0)));
      send(h, failed("inv-1", "insufficient_funds", 1, local(3, 9, 22, 30)));
      assertThat(actions(h)).isEmpty(); // 22:30 is inside quiet hours: the notice waits for 08:00
      send(h, paid("inv-1", local(3, 10, 7, 0)));
      h.processWatermark(at(3, 10, 9, 0));
      assertThat(actions(h)).isEmpty();
    }
  }

  @Test
  void aPolicyChangeMidLadderAppliesToTheNextStepOnly() throws Exception {
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      h.processWatermark(
          at(3, 13, 12, 0)); // pre-due and the day-4 reminder sent under the built-in policy
      h.processBroadcastElement(
          Policies.policy(
              "default",
              7,
              "{\"dunning\": {\"reminder_days_after_due\": [4, 6, 9],"
                  + " \"escalation_days_after_due\": 11}}"),
          at(3, 13, 12, 0));
      h.processWatermark(at(4, 30, 12, 0));
      List<DunningAction> actions = actions(h);
      assertThat(actions)
          .extracting(DunningAction::getDaysPastDue)
          .containsExactly(0, 4, 6, 9, 11, 25);
      assertThat(actions)
          .extracting(DunningAction::getPolicyVersion)
          .containsExactly(0L, 0L, 7L, 7L, 7L, 7L);
    }
  }

  @Test
  void theLadderFollowsTheSegmentAndThePaymentHistory() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          Policies.policy(
              "key_account",
              3,
              "{\"grace_period_days\": 7, \"dunning\": {\"reminder_days_after_due\": [8, 12],"
                  + " \"escalation_days_after_due\": 14, \"escalate_to\": \"ACCOUNT_OWNER\","
                  + " \"by_payment_history\": {}}}"),
          at(3, 1, 0, 0));
      PaymentEvent keyAccountInvoice =
          payment(PaymentEventType.INVOICE_ISSUED, "inv-1", local(3, 2, 9, 0), PaymentMethod.PIX);
      keyAccountInvoice.setCustomerId("cus-key");
      send(h, journey(keyAccountInvoice, "key_account", PaymentBehaviour.PUNCTUAL));
      PaymentEvent chronicInvoice =
          payment(
              PaymentEventType.INVOICE_ISSUED, "inv-2", local(3, 2, 9, 0), PaymentMethod.BOLETO);
      chronicInvoice.setCustomerId("cus-late");
      send(h, journey(chronicInvoice, "default", PaymentBehaviour.CHRONICALLY_LATE));
      h.processWatermark(at(4, 30, 12, 0));
      List<DunningAction> keyAccount =
          actions(h).stream().filter(a -> a.getCustomerId().equals("cus-key")).toList();
      assertThat(keyAccount)
          .extracting(DunningAction::getDaysPastDue)
          .containsExactly(0, 8, 12, 14, 25);
      assertThat(keyAccount.get(3).getRecipient()).isEqualTo(DunningRecipient.ACCOUNT_OWNER);
      assertThat(keyAccount.get(3).getAccountOwner()).isEqualTo("ana.souza@carteira.example");
      assertThat(keyAccount).extracting(DunningAction::getPolicyVersion).containsOnly(3L);
      List<DunningAction> chronic =
          actions(h).stream().filter(a -> a.getCustomerId().equals("cus-late")).toList();
      assertThat(chronic)
          .extracting(DunningAction::getDaysPastDue)
          .containsExactly(0, 4, 7, 10, 12, 20);
      assertThat(chronic.get(0).getScheduledFor())
          .isEqualTo(local(3, 4, 8, 0)); // five days before due
      assertThat(chronic.get(4).getRecipient()).isEqualTo(DunningRecipient.COLLECTIONS);
    }
  }

  @Test
  void aCardReminderOnlyWhenTheCardExpiresBeforeTheDueDate() throws Exception {
    try (var h = harness()) {
      send(h, methodUpdated(LocalDate.of(2026, 3, 31), local(2, 1, 10, 0)));
      send(h, issued("inv-1", PaymentMethod.CARD, local(3, 1, 6, 0), LocalDate.of(2026, 3, 9)));
      h.processWatermark(at(3, 9, 6, 0));
      send(h, paid("inv-1", local(3, 9, 7, 0)));
      send(h, issued("inv-2", PaymentMethod.CARD, local(3, 20, 6, 0), LocalDate.of(2026, 4, 9)));
      h.processWatermark(at(4, 9, 6, 0));
      send(h, paid("inv-2", local(4, 9, 7, 0)));
      h.processWatermark(at(5, 30, 12, 0));
      assertThat(actions(h))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getActionType()).isEqualTo(DunningActionType.PRE_DUE_REMINDER);
                assertThat(a.getInvoiceId()).isEqualTo("inv-2");
                assertThat(a.getMessage())
                    .contains("O cartão cadastrado vence antes da fatura inv-2");
              });
    }
  }

  @Test
  void renewalNudgesBeforeTheContractEnd() throws Exception {
    try (var h = harness()) {
      send(
          h,
          subscription(
              SubscriptionEventType.STARTED, local(1, 5, 9, 0), LocalDate.of(2026, 6, 30)));
      h.processWatermark(at(7, 15, 0, 0));
      assertThat(actions(h))
          .extracting(DunningAction::getActionType)
          .containsOnly(DunningActionType.RENEWAL_NUDGE);
      assertThat(actions(h))
          .extracting(a -> a.getScheduledFor().atZone(SAO_PAULO).toLocalDate())
          .containsExactly(
              LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31), LocalDate.of(2026, 6, 23));
      assertThat(actions(h).get(0).getMessage()).contains("Seu contrato termina em 30/06/2026");
    }
  }

  @Test
  void oneWinBackAfterACancellationUnlessTheCustomerComesBack() throws Exception {
    try (var h = harness()) {
      send(h, subscription(SubscriptionEventType.CANCELLED, local(3, 1, 17, 0), null));
      h.processWatermark(at(3, 31, 16, 59));
      assertThat(actions(h)).isEmpty();
      h.processWatermark(at(6, 30, 0, 0));
      assertThat(actions(h))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getActionType()).isEqualTo(DunningActionType.WIN_BACK);
                assertThat(a.getScheduledFor()).isEqualTo(local(3, 31, 17, 0));
              });
    }
    try (var h = harness()) {
      send(h, subscription(SubscriptionEventType.CANCELLED, local(3, 1, 17, 0), null));
      send(h, subscription(SubscriptionEventType.STARTED, local(3, 20, 10, 0), null));
      h.processWatermark(at(6, 30, 0, 0));
      assertThat(actions(h)).isEmpty();
    }
  }

  @Test
  void aLoyaltyRewardForEveryRunOfOnTimePayments() throws Exception {
    try (var h = harness()) {
      for (int month = 1; month <= 7; month++) {
        String invoice = "inv-" + month;
        send(
            h,
            issued(
                invoice, PaymentMethod.PIX, local(month, 1, 9, 0), LocalDate.of(2026, month, 8)));
        send(h, paid(invoice, month == 3 ? local(month, 9, 10, 0) : local(month, 7, 10, 0)));
      }
      for (int month = 8; month <= 12; month++) {
        String invoice = "inv-" + month;
        send(
            h,
            issued(
                invoice, PaymentMethod.PIX, local(month, 1, 9, 0), LocalDate.of(2026, month, 8)));
        send(h, paid(invoice, local(month, 7, 10, 0)));
      }
      // March was paid late: the run restarts in April and reaches six on time in September
      List<DunningAction> rewards =
          actions(h).stream()
              .filter(a -> a.getActionType() == DunningActionType.LOYALTY_REWARD)
              .toList();
      assertThat(rewards)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getScheduledFor()).isEqualTo(local(9, 7, 10, 0));
                assertThat(a.getMessage()).contains("São 6 faturas seguidas pagas em dia");
              });
    }
  }

  @Test
  void aReplayOfTheSameEventsGivesTheSameActions() throws Exception {
    List<DunningAction> first = fullLadderRun();
    List<DunningAction> second = fullLadderRun();
    assertThat(second).isEqualTo(first);
    assertThat(first).hasSizeGreaterThan(5);
  }

  private List<DunningAction> fullLadderRun() throws Exception {
    seq = 0;
    try (var h = harness()) {
      send(h, issued("inv-1", PaymentMethod.BOLETO, local(3, 2, 9, 0)));
      send(h, failed("inv-1", "insufficient_funds", 1, local(3, 9, 10, 0)));
      h.processWatermark(at(6, 30, 12, 0));
      return actions(h);
    }
  }

  @Test
  void englishMessagesForCustomersWithoutASupportedLocale() throws Exception {
    try (var h = harness("en")) {
      send(
          h,
          journey(
              payment(
                  PaymentEventType.INVOICE_ISSUED, "inv-1", local(3, 2, 9, 0), PaymentMethod.PIX),
              "default",
              PaymentBehaviour.UNKNOWN));
      h.processWatermark(at(3, 14, 0, 0));
      assertThat(actions(h))
          .extracting(DunningAction::getMessage)
          .containsExactly(
              "Hello Padaria Aurora, invoice inv-1 of R$149.00 falls due on 2026-03-09. PIX"
                  + " copy-and-paste code: "
                  + BOLETO_LINE,
              "Hello Padaria Aurora, invoice inv-1 of R$149.00 was due on 2026-03-09 and is 4 days"
                  + " overdue. PIX copy-and-paste code: "
                  + BOLETO_LINE);
    }
  }

  // ---- helpers

  static KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction>
      harness() throws Exception {
    return harness("pt-BR");
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, DunningEvent, ControlMessage, DunningAction>
      harness(String locale) throws Exception {
    var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new DunningLadderFunction(SAO_PAULO, locale),
                List.of(DunningLadderFunction.POLICIES)),
            DunningEvent::getCustomerId,
            Types.STRING,
            1,
            1,
            0);
    h.setup();
    h.open();
    h.processBroadcastWatermark(Long.MAX_VALUE);
    return h;
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h,
      DunningEvent event)
      throws Exception {
    h.processElement(event, event.getEventTime().toEpochMilli());
  }

  static List<DunningAction> actions(
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h) {
    List<DunningAction> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add((DunningAction) r.getValue());
      }
    }
    return out;
  }

  private static List<InvoiceRecovery> recoveries(
      KeyedBroadcastOperatorTestHarness<String, DunningEvent, ControlMessage, DunningAction> h) {
    List<InvoiceRecovery> out = new ArrayList<>();
    var queue = h.getSideOutput(DunningLadderFunction.RECOVERIES);
    if (queue != null) {
      for (StreamRecord<InvoiceRecovery> r : queue) {
        out.add(r.getValue());
      }
    }
    return out;
  }

  /** A local São Paulo time in 2026. */
  static Instant local(int month, int day, int hour, int minute) {
    return LocalDateTime.of(2026, month, day, hour, minute).atZone(SAO_PAULO).toInstant();
  }

  static long at(int month, int day, int hour, int minute) {
    return local(month, day, hour, minute).toEpochMilli();
  }

  private DunningEvent issued(String invoice, PaymentMethod method, Instant when) {
    return issued(invoice, method, when, DUE);
  }

  private DunningEvent issued(String invoice, PaymentMethod method, Instant when, LocalDate due) {
    PaymentEvent event = payment(PaymentEventType.INVOICE_ISSUED, invoice, when, method);
    event.setDueDate(due);
    return journey(event, "default", PaymentBehaviour.UNKNOWN);
  }

  private DunningEvent paid(String invoice, Instant when) {
    return journey(
        payment(PaymentEventType.PAYMENT_SUCCEEDED, invoice, when, null),
        "default",
        PaymentBehaviour.UNKNOWN);
  }

  private DunningEvent failed(String invoice, String code, int attempt, Instant when) {
    PaymentEvent event =
        payment(PaymentEventType.PAYMENT_FAILED, invoice, when, PaymentMethod.CARD);
    event.setFailureCode(code);
    event.setAttempt(attempt);
    return journey(event, "default", PaymentBehaviour.UNKNOWN);
  }

  private DunningEvent methodUpdated(LocalDate cardExpiresOn, Instant when) {
    PaymentEvent event =
        payment(PaymentEventType.PAYMENT_METHOD_UPDATED, null, when, PaymentMethod.CARD);
    event.setCardExpiresOn(cardExpiresOn);
    event.setAmountMinor(null);
    return journey(event, "default", PaymentBehaviour.UNKNOWN);
  }

  private PaymentEvent payment(
      PaymentEventType type, String invoice, Instant when, PaymentMethod method) {
    return PaymentEvent.newBuilder()
        .setEventId("p-" + (++seq))
        .setCustomerId(CUSTOMER)
        .setEventTime(when)
        .setEventType(type)
        .setInvoiceId(invoice)
        .setAmountMinor(14_900L)
        .setMethod(method)
        .setDueDate(type == PaymentEventType.INVOICE_ISSUED ? DUE : null)
        .setPaymentReference(
            type == PaymentEventType.INVOICE_ISSUED && method != PaymentMethod.CARD
                ? BOLETO_LINE
                : null)
        .build();
  }

  private DunningEvent profileUpdated(Instant when) {
    return subscription(SubscriptionEventType.PROFILE_UPDATED, when, null);
  }

  private DunningEvent subscription(
      SubscriptionEventType type, Instant when, LocalDate contractEnd) {
    SubscriptionEvent event =
        SubscriptionEvent.newBuilder()
            .setEventId("s-" + (++seq))
            .setCustomerId(CUSTOMER)
            .setEventTime(when)
            .setEventType(type)
            .setContractEndDate(contractEnd)
            .setAttributes(Map.of("locale", "pt-BR"))
            .build();
    return DunningEvent.newBuilder(base(CUSTOMER, when, "default", PaymentBehaviour.UNKNOWN))
        .setSubscription(event)
        .setContractEndDate(contractEnd)
        .setSubscribed(type != SubscriptionEventType.CANCELLED)
        .build();
  }

  private static DunningEvent journey(
      PaymentEvent payment, String segment, PaymentBehaviour history) {
    return DunningEvent.newBuilder(
            base(payment.getCustomerId(), payment.getEventTime(), segment, history))
        .setPayment(payment)
        .build();
  }

  private static DunningEvent base(
      String customer, Instant when, String segment, PaymentBehaviour history) {
    return DunningEvent.newBuilder()
        .setCustomerId(customer)
        .setEventTime(when)
        .setPolicySegment(segment)
        .setPaymentHistory(history)
        .setCustomerName("Padaria Aurora")
        .setPreferredChannel(Channel.WHATSAPP)
        .setAccountOwner("ana.souza@carteira.example")
        .setSubscribed(true)
        .build();
  }
}
