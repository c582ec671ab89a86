package io.carteira.operators.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.support.Events;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journeys as plain Java, under the default policy: renewal nudges 60, 30 and 7 days before the
 * contract end, a win-back 30 days after a cancellation, a loyalty reward every 6 invoices paid on
 * time in a row.
 */
class CustomerJourneysTest {

  private static final Policy POLICY = PolicyParser.builtIn();

  private final DunningSchedule schedule = new DunningSchedule(Events.ZONE);
  private final CustomerJourneys journeys =
      new CustomerJourneys(schedule, new DunningActions(schedule, "en"));

  @Test
  void renewalNudgesFallDueAfterQuietHoursOfTheirDay() {
    LocalDate end = Events.day(100);
    DunningBook book = book();
    book.setContractEndDate(end);
    book.setContractEndKnownAt(Events.at(0, 12));
    Instant sixtyBefore = end.minusDays(60).atTime(8, 0).atZone(Events.ZONE).toInstant();
    assertThat(journeys.next(book, POLICY, null)).isEqualTo(sixtyBefore);

    List<DunningAction> out = new ArrayList<>();
    journeys.due(book, sixtyBefore.minusMillis(1), POLICY, out);
    assertThat(out).isEmpty();
    journeys.due(book, sixtyBefore, POLICY, out);
    assertThat(out)
        .extracting(DunningAction::getActionType)
        .containsExactly(DunningActionType.RENEWAL_NUDGE);
    assertThat(book.getRenewalNudgesSent()).containsExactly(60);
  }

  @Test
  void aWinBackAfterACancellationUnlessTheCustomerCameBack() {
    DunningBook book = book();
    Instant cancelled = Events.at(1, 12);
    journeys.onSubscription(book, subscription(SubscriptionEventType.CANCELLED, cancelled));
    Instant winBack = cancelled.plus(Duration.ofDays(30));
    List<DunningAction> out = new ArrayList<>();
    journeys.due(book, winBack.minusMillis(1), POLICY, out);
    assertThat(out).isEmpty();
    journeys.due(book, winBack, POLICY, out);
    assertThat(out)
        .extracting(DunningAction::getActionType)
        .containsExactly(DunningActionType.WIN_BACK);

    DunningBook back = book();
    journeys.onSubscription(back, subscription(SubscriptionEventType.CANCELLED, cancelled));
    journeys.onSubscription(
        back, subscription(SubscriptionEventType.STARTED, cancelled.plus(Duration.ofDays(3))));
    List<DunningAction> none = new ArrayList<>();
    journeys.due(back, winBack, POLICY, none);
    assertThat(none).isEmpty();
  }

  @Test
  void aLoyaltyRewardForTheSixthInvoiceOnTimeInARow() {
    DunningBook book = book();
    List<DunningAction> out = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      journeys.paidOnTime(book, "inv-" + i, Events.at(i, 12), POLICY, out);
    }
    assertThat(out).isEmpty();
    journeys.paidLate(book);
    for (int i = 1; i <= 5; i++) {
      journeys.paidOnTime(book, "inv-b" + i, Events.at(i, 12), POLICY, out);
    }
    assertThat(out).isEmpty();
    journeys.paidOnTime(book, "inv-b6", Events.at(6, 12), POLICY, out);
    assertThat(out)
        .extracting(DunningAction::getActionType)
        .containsExactly(DunningActionType.LOYALTY_REWARD);
    assertThat(book.getOnTimeRun()).isZero();
  }

  private static DunningBook book() {
    DunningBook book = DunningLadder.newBook(Events.CUSTOMER);
    book.setLastEventTime(Events.at(0, 12));
    book.setSubscribed(true);
    book.setRenewalNudgesSent(new ArrayList<>());
    return book;
  }

  private static SubscriptionEvent subscription(SubscriptionEventType type, Instant at) {
    return Events.subscription(at, type, b -> {}).getSubscription();
  }
}
