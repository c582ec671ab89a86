package io.carteira.bench.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveBaselinesTest {

  private static final Instant DAY_0 = Instant.parse("2026-01-01T09:00:00Z");
  private static int ids;

  private static Instant day(int d) {
    return DAY_0.plus(Duration.ofDays(d));
  }

  private static CustomerEvent login(String customer, int d) {
    String id = "e" + ids++;
    return envelope(id, customer, d)
        .setUsage(
            UsageEvent.newBuilder()
                .setEventId(id)
                .setCustomerId(customer)
                .setEventTime(day(d))
                .setEventType(UsageEventType.LOGIN)
                .build())
        .build();
  }

  private static CustomerEvent payment(String customer, int d, PaymentEventType type) {
    String id = "e" + ids++;
    return envelope(id, customer, d)
        .setPayment(
            PaymentEvent.newBuilder()
                .setEventId(id)
                .setCustomerId(customer)
                .setEventTime(day(d))
                .setEventType(type)
                .setInvoiceId("inv-" + d)
                .build())
        .build();
  }

  private static CustomerEvent.Builder envelope(String id, String customer, int d) {
    return CustomerEvent.newBuilder()
        .setEventId(id)
        .setCustomerId(customer)
        .setEventTime(day(d))
        .setSourceTopic("t")
        .setSourcePartition(0)
        .setSourceOffset(0);
  }

  @Test
  void noLoginFor30DaysOpensOnTheThirtiethDayAndResolvesAtTheNextLogin() {
    List<CustomerEvent> events = new ArrayList<>();
    events.add(login("c1", 0));
    events.add(login("c1", 20)); // within 30 days: nothing
    events.add(login("c1", 70)); // 50 days quiet: opened on day 50, resolved on day 70; then
    // quiet 25 days to the end: nothing
    events.add(login("c2", 0)); // quiet until the end: opened on day 30
    events.add(login("c3", 90)); // quiet 5 days before the end: nothing
    List<AlertChange> alerts = NaiveBaselines.noLoginFor30Days(events, day(95));
    assertThat(alerts)
        .extracting(AlertChange::customerId, AlertChange::status, AlertChange::at)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("c1", AlertChange.Status.OPEN, day(50)),
            org.assertj.core.groups.Tuple.tuple("c1", AlertChange.Status.RESOLVED, day(70)),
            org.assertj.core.groups.Tuple.tuple("c2", AlertChange.Status.OPEN, day(30)));
    assertThat(alerts).allMatch(a -> a.churnType() == ChurnKind.VOLUNTARY);
  }

  @Test
  void twoFailedPaymentsInARowOpenAtTheSecondAndASuccessResolves() {
    List<CustomerEvent> events =
        List.of(
            payment("c1", 1, PaymentEventType.PAYMENT_FAILED),
            payment("c1", 2, PaymentEventType.PAYMENT_SUCCEEDED), // breaks the run
            payment("c1", 3, PaymentEventType.PAYMENT_FAILED),
            payment("c1", 4, PaymentEventType.PAYMENT_FAILED), // opens
            payment("c1", 5, PaymentEventType.PAYMENT_FAILED), // already open
            payment("c1", 6, PaymentEventType.PAYMENT_SUCCEEDED)); // resolves
    List<AlertChange> alerts = NaiveBaselines.twoFailedPaymentsInARow(events);
    assertThat(alerts)
        .extracting(AlertChange::status, AlertChange::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertChange.Status.OPEN, day(4)),
            org.assertj.core.groups.Tuple.tuple(AlertChange.Status.RESOLVED, day(6)));
    assertThat(alerts).allMatch(a -> a.churnType() == ChurnKind.INVOLUNTARY);
  }

  @Test
  void anAlertOfNoKindCountsForEitherKindOfChurn() {
    List<ChurnLabel> labels =
        List.of(
            new ChurnLabel("v", day(40), ChurnKind.VOLUNTARY),
            new ChurnLabel("i", day(40), ChurnKind.INVOLUNTARY));
    List<AlertChange> alerts =
        List.of(
            new AlertChange(
                "a", "v", NaiveBaselines.HEALTH_AT_RISK, null, AlertChange.Status.OPEN, 0, day(10)),
            new AlertChange(
                "b",
                "i",
                NaiveBaselines.HEALTH_AT_RISK,
                null,
                AlertChange.Status.OPEN,
                0,
                day(30)));
    AlertScorer scorer = new AlertScorer(labels, Duration.ofDays(60), day(0), day(120));
    assertThat(scorer.of(ChurnKind.VOLUNTARY, alerts).recalled()).isEqualTo(1);
    assertThat(scorer.of(ChurnKind.INVOLUNTARY, alerts).recalled()).isEqualTo(1);
    assertThat(scorer.all(alerts).recall()).isEqualTo(1.0);
    assertThat(scorer.all(alerts).medianLeadDays()).isEqualTo(10.0);
  }
}
