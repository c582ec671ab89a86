package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.payment;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static io.carteira.operators.support.Events.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SignalKind;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.SurveyKind;
import io.carteira.schemas.UsageEventType;
import org.junit.jupiter.api.Test;

/**
 * The condition precursors, found by the customer operator and its timer (built-in policy), each
 * with its near miss; and the sparse signals it hands to the sequence patterns.
 */
class ChurnConditionsTest {

  @Test
  void aCancellationRequestIsACondition_untilTheCustomerIsGone() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(
          subscription(
              at(3, 9),
              SubscriptionEventType.CANCELLATION_REQUESTED,
              b -> b.setCancelReason("preço")));
      assertThat(h.activeConditions()).containsExactly("CANCELLATION_REQUESTED");
      assertThat(
              h.riskContexts()
                  .get(h.riskContexts().size() - 1)
                  .getConditions()
                  .get(0)
                  .getEvidence()
                  .get(0)
                  .getValue())
          .isEqualTo("preço");
      h.send(subscription(at(5, 9), SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L)));
      assertThat(h.activeConditions()).isEmpty();
      assertThat(h.riskContexts().get(h.riskContexts().size() - 1).getChurned()).isTrue();
    }
  }

  @Test
  void aHardDeclineWithoutANewMethodFiresAfterItsDays_byTimer() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(invoice(at(1, 6), "inv-1", 9_900, day(1)))
          .send(failed(at(1, 7), "inv-1", "expired_card"));
      h.watermark(at(6, 6));
      assertThat(h.activeConditions()).doesNotContain("HARD_DECLINE_NOT_UPDATED");
      h.watermark(at(6, 8)); // 5 days after the decline
      assertThat(h.activeConditions()).contains("HARD_DECLINE_NOT_UPDATED");
    }
  }

  @Test
  void aNewPaymentMethodInTimeIsTheNearMissOfAHardDecline() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(invoice(at(1, 6), "inv-1", 9_900, day(1)))
          .send(failed(at(1, 7), "inv-1", "expired_card"));
      h.send(payment(at(3, 7), PaymentEventType.PAYMENT_METHOD_UPDATED, b -> {}));
      h.watermark(at(8, 8));
      assertThat(h.activeConditions()).doesNotContain("HARD_DECLINE_NOT_UPDATED");
    }
  }

  @Test
  void aSoftDeclineIsNoHardDecline() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(invoice(at(1, 6), "inv-1", 9_900, day(1)))
          .send(failed(at(1, 7), "inv-1", "insufficient_funds"));
      h.watermark(at(8, 8));
      assertThat(h.activeConditions()).doesNotContain("HARD_DECLINE_NOT_UPDATED");
      assertThat(h.churnSignals())
          .extracting(ChurnSignal::getKind)
          .contains(SignalKind.PAYMENT_FAILED)
          .doesNotContain(SignalKind.HARD_DECLINE);
    }
  }

  @Test
  void anInvoiceAtTheEndOfTheDunningLadderIsACondition_aDayEarlierItIsNot() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900));
      h.send(invoice(at(0, 10), "inv-1", 9_900, day(2)));
      for (int d = 1; d <= 30; d++) {
        h.send(login(at(d, 9)));
      }
      h.watermark(midnight(31)); // 29 days past due
      assertThat(h.activeConditions()).doesNotContain("DUNNING_EXHAUSTED");
      h.watermark(midnight(32)); // 30: the end of the built-in ladder
      assertThat(h.activeConditions()).contains("DUNNING_EXHAUSTED");
      h.send(paid(at(33, 10), "inv-1", 9_900));
      assertThat(h.activeConditions()).doesNotContain("DUNNING_EXHAUSTED");
    }
  }

  @Test
  void silenceFiresAfterItsDaysWithoutALogin_aLoginTheDayBeforeIsTheNearMiss() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(login(at(10, 10)));
      h.watermark(at(31, 9));
      assertThat(h.activeConditions()).doesNotContain("SILENCE");
      h.watermark(at(31, 11)); // 21 days after the last login (the built-in silence_days)
      assertThat(h.activeConditions()).contains("SILENCE");
      h.send(login(at(32, 10)));
      assertThat(h.activeConditions()).doesNotContain("SILENCE");
    }
  }

  @Test
  void aPauseNotResumedFiresAfterItsDays() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(subscription(at(2, 9), SubscriptionEventType.PAUSED, b -> {}));
      h.watermark(at(31, 9));
      assertThat(h.activeConditions()).doesNotContain("PAUSE_NOT_RESUMED");
      h.watermark(at(32, 9));
      assertThat(h.activeConditions()).contains("PAUSE_NOT_RESUMED");
      h.send(subscription(at(33, 9), SubscriptionEventType.RESUMED, b -> {}));
      assertThat(h.activeConditions()).doesNotContain("PAUSE_NOT_RESUMED");
    }
  }

  @Test
  void aChargebackIsAConditionUntilAPaymentSucceeds() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900)).send(login(at(0, 10)));
      h.send(payment(at(2, 9), PaymentEventType.CHARGEBACK, b -> b.setAmountMinor(9_900L)));
      assertThat(h.activeConditions()).contains("CHARGEBACK");
      h.send(invoice(at(3, 6), "inv-2", 9_900, day(3))).send(paid(at(3, 7), "inv-2", 9_900));
      assertThat(h.activeConditions()).doesNotContain("CHARGEBACK");
    }
  }

  @Test
  void sparseSignalsOnly_noLoginReachesTheSequences() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "profissional", 29_900))
          .send(login(at(0, 10)))
          .send(login(at(1, 10)));
      h.send(usage(at(2, 9), UsageEventType.SUPPORT_TICKET_OPENED, b -> b.setTicketId("t1")));
      h.send(
          usage(
              at(3, 9), UsageEventType.SURVEY_SCORE, b -> b.setScore(3).setSurvey(SurveyKind.NPS)));
      h.send(
          usage(
              at(4, 9), UsageEventType.SURVEY_SCORE, b -> b.setScore(9).setSurvey(SurveyKind.NPS)));
      h.send(
          subscription(
              at(5, 9),
              SubscriptionEventType.PLAN_CHANGED,
              b -> b.setMrrMinor(9_900L).setPlanId("essencial")));
      assertThat(h.churnSignals())
          .extracting(ChurnSignal::getKind)
          .containsExactly(
              SignalKind.SUPPORT_TICKET_OPENED, SignalKind.DETRACTOR_SCORE, SignalKind.CONTRACTION);
    }
  }
}
