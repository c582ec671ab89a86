package io.carteira.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentBehaviour;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A customer's standing at each threshold of the built-in policy (just below, at, just above): days
 * past due, payment history, engagement and plan utilisation, on a fixed calendar in São Paulo
 * time.
 */
class StandingTest {

  private static final Policy POLICY = PolicyParser.builtIn();
  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  /** Monday 2 March 2026, 09:00 in São Paulo. */
  private static final Instant STARTED =
      LocalDate.of(2026, 3, 2).atTime(LocalTime.of(9, 0)).atZone(ZONE).toInstant();

  private static final LocalDate DUE = LocalDate.of(2026, 3, 20);

  // ---- days past due

  @Test
  void anInvoiceIsPastDueFromTheDayAfterItsDueDate() {
    CustomerState state = state(s -> s.setOpenInvoices(invoices(DUE)));
    assertThat(Standing.daysPastDue(state, DUE.minusDays(1))).isZero();
    assertThat(Standing.daysPastDue(state, DUE)).isZero();
    assertThat(Standing.daysPastDue(state, DUE.plusDays(1))).isEqualTo(1);
    assertThat(Standing.daysPastDue(state, DUE.plusDays(31))).isEqualTo(31);
  }

  @Test
  void theOldestUnpaidInvoiceCountsAndOneWithoutADueDateNever() {
    CustomerState state = state(s -> s.setOpenInvoices(invoices(DUE, DUE.minusDays(10), null)));
    assertThat(Standing.daysPastDue(state, DUE.plusDays(2))).isEqualTo(12);
    assertThat(
            Standing.daysPastDue(
                state(s -> s.setOpenInvoices(invoices((LocalDate) null))), DUE.plusDays(99)))
        .isZero();
  }

  // ---- payment history

  @Test
  void theLaddersPaymentHistoryNeverAgesIntoDelinquency() {
    CustomerState state =
        state(
            s -> {
              s.setOpenInvoices(invoices(DUE));
              s.setInvoicesPaidOnTime(3);
            });
    assertThat(Standing.paymentHistory(state, POLICY.punctuality()))
        .as("the ladder's payment history never ages into delinquency")
        .isEqualTo(PaymentBehaviour.PUNCTUAL);
  }

  // ---- engagement

  @Test
  void engagementByDaysSinceTheLastActivityWithoutATrend() {
    CustomerState state = state(s -> {});
    Instant now = STARTED.plus(Duration.ofDays(40));
    assertThat(engagement(state, now, 3, null, null)).isEqualTo(Engagement.HIGH);
    assertThat(engagement(state, now, 4, null, null)).isEqualTo(Engagement.MEDIUM);
    assertThat(engagement(state, now, 10, null, null)).isEqualTo(Engagement.MEDIUM);
    assertThat(engagement(state, now, 11, null, null)).isEqualTo(Engagement.LOW);
    assertThat(engagement(state, now, 30, null, null)).isEqualTo(Engagement.LOW);
    assertThat(engagement(state, now, 31, null, null)).isEqualTo(Engagement.DORMANT);
  }

  @Test
  void engagementByTheUsageTrendAgainstTheCustomersOwnBaseline() {
    CustomerState state = state(s -> {});
    Instant now = STARTED.plus(Duration.ofDays(40));
    assertThat(engagement(state, now, 1, 0.8, null)).isEqualTo(Engagement.HIGH);
    assertThat(engagement(state, now, 1, 0.79, null)).isEqualTo(Engagement.MEDIUM);
    assertThat(engagement(state, now, 1, 0.5, null)).isEqualTo(Engagement.MEDIUM);
    assertThat(engagement(state, now, 1, 0.49, null)).isEqualTo(Engagement.LOW);
    assertThat(engagement(state, now, 31, 1.0, null))
        .as("dormancy outranks the trend")
        .isEqualTo(Engagement.DORMANT);
  }

  @Test
  void aCustomerUsingUnderAQuarterOfItsPlanIsNotHighlyEngaged() {
    CustomerState state = state(s -> {});
    Instant now = STARTED.plus(Duration.ofDays(40));
    assertThat(engagement(state, now, 1, 1.0, 0.25)).isEqualTo(Engagement.HIGH);
    assertThat(engagement(state, now, 1, 1.0, 0.24)).isEqualTo(Engagement.MEDIUM);
    assertThat(engagement(state, now, 1, 0.6, 0.1)).isEqualTo(Engagement.MEDIUM);
  }

  @Test
  void withoutAnyActivityACustomerIsDormantOnceThirtyWholeDaysHavePassed() {
    CustomerState state = state(s -> {});
    Instant thirtyOne = STARTED.plus(Duration.ofDays(31));
    assertThat(engagement(state, thirtyOne.minusMillis(1), null, null, null))
        .isEqualTo(Engagement.UNKNOWN);
    assertThat(engagement(state, thirtyOne, null, null, null)).isEqualTo(Engagement.DORMANT);
  }

  // ---- plan utilisation

  @Test
  void planUtilisationIsSeatsInUseOverThePlanLimit() {
    assertThat(Standing.planUtilisation(state(s -> s.setPlanLimit(10L)))).isNull();
    assertThat(
            Standing.planUtilisation(
                state(
                    s -> {
                      s.setSeatsInUse(3L);
                      s.setPlanLimit(0L);
                    })))
        .isNull();
    CustomerState nine =
        state(
            s -> {
              s.setSeatsInUse(9L);
              s.setPlanLimit(10L);
            });
    assertThat(Standing.planUtilisation(nine)).isEqualTo(0.9);
  }

  // ---- support

  private static CustomerState state(Consumer<CustomerState> fill) {
    CustomerState state =
        CustomerState.newBuilder()
            .setCustomerId("cus-1")
            .setFirstEventTime(STARTED)
            .setLastEventTime(STARTED)
            .setStartedAt(STARTED)
            .setSubscribed(true)
            .setMrrMinor(9_900)
            .build();
    fill.accept(state);
    return state;
  }

  private static Engagement engagement(
      CustomerState state, Instant asOf, Integer idleDays, Double trend, Double utilisation) {
    return Standing.engagement(state, asOf, idleDays, trend, utilisation, POLICY.engagement());
  }

  private static List<OpenInvoice> invoices(LocalDate... dueDates) {
    List<OpenInvoice> out = new ArrayList<>();
    for (int i = 0; i < dueDates.length; i++) {
      out.add(
          OpenInvoice.newBuilder()
              .setInvoiceId("inv-" + i)
              .setAmountMinor(9_900)
              .setDueDate(dueDates[i])
              .setIssuedAt(STARTED)
              .build());
    }
    return out;
  }
}
