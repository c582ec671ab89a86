package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.SubscriptionEventType;
import org.junit.jupiter.api.Test;

/**
 * What a customer who stays does now and then, and what the built-in policy makes of it: a pause is
 * not silence, a holiday week is not a collapse, a small account's quiet week is no trend, and a
 * punctual payer a few days late is not yet a warning. Each with the case that does alert.
 */
class OrdinaryQuietTest {

  /** Logins on days [from, to), {@code perDay} a day (day 0 of the harness is a Monday). */
  private static void logins(CustomerHarness h, int from, int to, int perDay) throws Exception {
    for (int d = from; d < to; d++) {
      for (int i = 0; i < perDay; i++) {
        h.send(login(at(d, 8 + i)));
      }
    }
  }

  @Test
  void aPausedSubscriptionIsNotSilent_andSilenceCountsFromTheResume() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900));
      logins(h, 0, 10, 1);
      h.send(subscription(at(10, 12), SubscriptionEventType.PAUSED, b -> {}));
      h.watermark(at(35, 12)); // 26 days without a login, paused
      assertThat(h.activeConditions()).doesNotContain("SILENCE", "USAGE_COLLAPSE");
      h.send(subscription(at(36, 9), SubscriptionEventType.RESUMED, b -> {}));
      h.watermark(at(37, 12)); // resumed the day before: not silent
      assertThat(h.activeConditions()).doesNotContain("SILENCE");
      h.watermark(at(57, 10)); // 21 days after the resume, still no login
      assertThat(h.activeConditions()).contains("SILENCE");
    }
  }

  @Test
  void usageCollapsesAfterTwoCompleteWeeksUnderItsTrend_notAfterOne() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "profissional", 29_900));
      logins(h, 0, 35, 3); // five weeks of 21 uses
      logins(h, 42, 56, 3); // one quiet week (a holiday), then as before
      h.watermark(midnight(49)); // the quiet week is complete: one week under the trend
      assertThat(h.activeConditions()).doesNotContain("USAGE_COLLAPSE");
      h.watermark(midnight(56));
      assertThat(h.activeConditions()).doesNotContain("USAGE_COLLAPSE");
    }
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "profissional", 29_900));
      logins(h, 0, 35, 3);
      h.send(login(at(36, 9))); // then hardly anything
      h.watermark(midnight(42));
      assertThat(h.activeConditions()).doesNotContain("USAGE_COLLAPSE");
      h.watermark(midnight(49)); // the second complete week under the trend
      assertThat(h.activeConditions()).contains("USAGE_COLLAPSE");
    }
  }

  @Test
  void aSmallAccountsQuietWeeksAreNoCollapse() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900));
      for (int d = 0; d < 35; d += 2) { // a login every other day: 3 or 4 a week
        h.send(login(at(d, 9)));
      }
      h.watermark(midnight(49)); // two weeks without a login
      assertThat(h.activeConditions()).doesNotContain("USAGE_COLLAPSE");
    }
  }

  @Test
  void aPunctualPayerLateAlertsAfterTwoWeeksPastDue_notAtTheEndOfTheGracePeriod() throws Exception {
    try (var h = CustomerHarness.open()) {
      h.send(started(at(0, 9), "essencial", 9_900));
      for (int i = 0; i < 3; i++) {
        int due = 5 + 30 * i;
        h.send(invoice(at(due - 5, 6), "inv-" + i, 9_900, day(due)));
        h.send(paid(at(due - 1, 10), "inv-" + i, 9_900));
      }
      h.send(invoice(at(90, 6), "inv-3", 9_900, day(95)));
      logins(h, 0, 105, 1);
      h.watermark(midnight(105)); // 9 days past due: past the grace period, not two weeks
      assertThat(h.activeConditions()).doesNotContain("PUNCTUAL_PAYER_LATE");
      logins(h, 105, 111, 1);
      h.watermark(midnight(111)); // 15 days past due
      assertThat(h.activeConditions()).contains("PUNCTUAL_PAYER_LATE");
    }
  }
}
