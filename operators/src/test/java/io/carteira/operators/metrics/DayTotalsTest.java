package io.carteira.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.ChurnType;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.MrrMovementKind;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PaymentAttempt;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.ReceivableChange;
import io.carteira.schemas.ValueTier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How facts add up into a day's totals, and how a closing day moves the balances. */
class DayTotalsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");

  // ---- adding facts into a day

  @Test
  void eachMovementKindAddsToItsOwnFlow() {
    MovementTotals t = MovementTotals.newBuilder().build();
    DayTotals.add(t, movement(MrrMovementKind.NEW, 0, 9_900));
    DayTotals.add(t, movement(MrrMovementKind.EXPANSION, 9_900, 29_900));
    DayTotals.add(t, movement(MrrMovementKind.CONTRACTION, 29_900, 19_900));
    DayTotals.add(t, movement(MrrMovementKind.CHURN, 19_900, 0));
    DayTotals.add(t, movement(MrrMovementKind.REACTIVATION, 0, 4_900));
    assertThat(t.getNewMrr()).isEqualTo(9_900);
    assertThat(t.getExpansionMrr()).isEqualTo(20_000);
    assertThat(t.getContractionMrr()).isEqualTo(10_000);
    assertThat(t.getChurnedMrr()).isEqualTo(19_900);
    assertThat(t.getReactivationMrr()).isEqualTo(4_900);
    assertThat(t.getNewCustomers()).isEqualTo(1);
    assertThat(t.getChurnedCustomers()).isEqualTo(1);
    assertThat(t.getReactivatedCustomers()).isEqualTo(1);
    assertThat(DayTotals.mrrAfter(100_000, t))
        .isEqualTo(100_000 + 9_900 + 20_000 + 4_900 - 10_000 - 19_900);
    assertThat(DayTotals.customersAfter(10, t)).isEqualTo(11);
  }

  @Test
  void churnIsSplitByItsChurnType_theTwoAddUpToTheChurnedTotal() {
    MovementTotals day = MovementTotals.newBuilder().build();
    DayTotals.add(day, churn(ChurnType.VOLUNTARY, 19_900));
    DayTotals.add(day, churn(ChurnType.INVOLUNTARY, 29_900));
    DayTotals.add(day, churn(ChurnType.INVOLUNTARY, 4_900));
    assertThat(day.getChurnedMrr()).isEqualTo(19_900 + 29_900 + 4_900);
    assertThat(day.getVoluntaryChurnedMrr()).isEqualTo(19_900);
    assertThat(day.getInvoluntaryChurnedMrr()).isEqualTo(29_900 + 4_900);
    assertThat(day.getChurnedCustomers()).isEqualTo(3);
    assertThat(day.getVoluntaryChurnedCustomers()).isEqualTo(1);
    assertThat(day.getInvoluntaryChurnedCustomers()).isEqualTo(2);

    MovementTotals other = MovementTotals.newBuilder().build();
    DayTotals.add(other, churn(ChurnType.VOLUNTARY, 9_900));
    MovementTotals window = MovementTotals.newBuilder().build();
    DayTotals.add(window, day);
    DayTotals.addDay(window, other);
    assertThat(window.getVoluntaryChurnedMrr()).isEqualTo(19_900 + 9_900);
    assertThat(window.getInvoluntaryChurnedMrr()).isEqualTo(29_900 + 4_900);
    assertThat(window.getVoluntaryChurnedMrr() + window.getInvoluntaryChurnedMrr())
        .isEqualTo(window.getChurnedMrr());
    assertThat(window.getVoluntaryChurnedCustomers()).isEqualTo(2);
    assertThat(window.getInvoluntaryChurnedCustomers()).isEqualTo(2);
    assertThat(DayTotals.customersAfter(10, window)).isEqualTo(6);
  }

  @Test
  void aMovementMovesTheCustomerBetweenMrrAmountsAndCountsItsAcquisitionCost() {
    MovementTotals t = MovementTotals.newBuilder().build();
    PortfolioFact started = fact(movement(MrrMovementKind.NEW, 0, 9_900));
    started.setAcquisitionCostMinor(50_000L);
    DayTotals.add(t, started);
    DayTotals.add(t, fact(movement(MrrMovementKind.EXPANSION, 9_900, 29_900)));
    assertThat(t.getMrrChanges()).isEqualTo(Map.of("9900", 0, "29900", 1));
    assertThat(t.getAcquisitionCostMinor()).isEqualTo(50_000);
    assertThat(t.getCustomersWithAcquisitionCost()).isEqualTo(1);
  }

  @Test
  void receivablesPaymentsRecoveriesAndRefundsAddUp() {
    MovementTotals t = MovementTotals.newBuilder().build();
    LocalDate due = LocalDate.of(2026, 3, 10);
    DayTotals.add(t, receivable(due, 9_900, 1, null));
    DayTotals.add(t, receivable(due, 19_900, 1, null));
    DayTotals.add(t, receivable(due, -9_900, -1, 15)); // paid 15 days late
    DayTotals.add(t, receivable(due, -19_900, -1, 16)); // paid 16 days late
    DayTotals.add(t, attempt("BOLETO", null));
    DayTotals.add(t, attempt("CARD", "insufficient_funds"));
    DayTotals.add(t, attempt("CARD", "insufficient_funds"));
    PortfolioFact refund = fact(null);
    refund.setRefundMinor(4_000L);
    DayTotals.add(t, refund);

    assertThat(t.getReceivableChanges())
        .isEqualTo(Map.of(String.valueOf(due.toEpochDay()), new OpenReceivable(0L, 0L)));
    assertThat(t.getRecoveredInvoicesByBucket()).isEqualTo(Map.of("1-15", 1L, "16-30", 1L));
    assertThat(t.getRecoveredMinorByBucket()).isEqualTo(Map.of("1-15", 9_900L, "16-30", 19_900L));
    assertThat(t.getDaysToRecover()).isEqualTo(Map.of("15", 1L, "16", 1L));
    assertThat(t.getAttemptsByMethod()).isEqualTo(Map.of("BOLETO", 1L, "CARD", 2L));
    assertThat(t.getFailuresByMethod()).isEqualTo(Map.of("CARD", 2L));
    assertThat(t.getFailuresByCode()).isEqualTo(Map.of("insufficient_funds", 2L));
    assertThat(t.getRefunds()).isEqualTo(1);
    assertThat(t.getRefundedMinor()).isEqualTo(4_000);
  }

  @Test
  void aDaysSumsMergeTheirBalanceChangesWhileWindowsSumFlowsOnly() {
    MovementTotals day = MovementTotals.newBuilder().build();
    MovementTotals a = MovementTotals.newBuilder().build();
    DayTotals.add(a, fact(movement(MrrMovementKind.NEW, 0, 9_900)));
    DayTotals.add(a, receivable(LocalDate.of(2026, 3, 10), 9_900, 1, null));
    MovementTotals b = MovementTotals.newBuilder().build();
    DayTotals.add(b, fact(movement(MrrMovementKind.NEW, 0, 9_900)));
    DayTotals.add(b, receivable(LocalDate.of(2026, 3, 10), 4_900, 1, null));
    DayTotals.addDay(day, a);
    DayTotals.addDay(day, b);
    assertThat(day.getNewMrr()).isEqualTo(19_800);
    assertThat(day.getMrrChanges()).isEqualTo(Map.of("9900", 2));
    String due = String.valueOf(LocalDate.of(2026, 3, 10).toEpochDay());
    assertThat(day.getReceivableChanges()).isEqualTo(Map.of(due, new OpenReceivable(14_800L, 2L)));

    MovementTotals window = MovementTotals.newBuilder().build();
    DayTotals.add(window, day);
    assertThat(window.getNewMrr()).isEqualTo(19_800);
    assertThat(window.getMrrChanges()).as("balances are not summed over windows").isEmpty();
  }

  @Test
  void aClosingDayMovesTheBalancesAndKeepsItsFlowsOnly() {
    Map<String, Long> customersByMrr = new HashMap<>(Map.of("9900", 2L, "29900", 1L));
    Map<String, OpenReceivable> receivables =
        new HashMap<>(Map.of("20530", new OpenReceivable(9_900L, 1L)));
    MovementTotals day = MovementTotals.newBuilder().build();
    day.setNewMrr(29_900);
    day.setMrrChanges(new HashMap<>(Map.of("9900", -1, "29900", -1, "49900", 1)));
    day.setReceivableChanges(
        new HashMap<>(
            Map.of(
                "20530", new OpenReceivable(-9_900L, -1L),
                "20540", new OpenReceivable(4_900L, 1L))));
    DayTotals.close(day, customersByMrr, receivables);
    assertThat(customersByMrr).isEqualTo(Map.of("9900", 1L, "49900", 1L));
    assertThat(receivables).isEqualTo(Map.of("20540", new OpenReceivable(4_900L, 1L)));
    assertThat(day.getMrrChanges()).isEmpty();
    assertThat(day.getReceivableChanges()).isEmpty();
    assertThat(day.getNewMrr()).isEqualTo(29_900);
  }

  // ---- support

  private static MrrMovement movement(MrrMovementKind kind, long before, long after) {
    return MrrMovement.newBuilder()
        .setCustomerId("cus-1")
        .setEventId("e1")
        .setEventTime(NOW)
        .setMovement(kind)
        .setAmountMinor(Math.abs(after - before))
        .setMrrBeforeMinor(before)
        .setMrrAfterMinor(after)
        .setCurrency("BRL")
        .setValueTier(ValueTier.MID_MARKET)
        .build();
  }

  private static MrrMovement churn(ChurnType type, long mrrBefore) {
    MrrMovement churn = movement(MrrMovementKind.CHURN, mrrBefore, 0);
    churn.setChurnType(type);
    return churn;
  }

  private static PortfolioFact fact(MrrMovement movement) {
    return PortfolioFact.newBuilder()
        .setCustomerId("cus-1")
        .setEventId("e1")
        .setEventTime(NOW)
        .setCurrency("BRL")
        .setMrrMovement(movement)
        .build();
  }

  private static PortfolioFact receivable(
      LocalDate due, long amount, long invoices, Integer daysPastDueAtPayment) {
    PortfolioFact fact = fact(null);
    fact.setReceivable(
        ReceivableChange.newBuilder()
            .setInvoiceId("inv-1")
            .setDueDate(due)
            .setAmountMinor(amount)
            .setInvoices((int) invoices)
            .setDaysPastDueAtPayment(daysPastDueAtPayment)
            .build());
    return fact;
  }

  private static PortfolioFact attempt(String method, String failureCode) {
    PortfolioFact fact = fact(null);
    fact.setPaymentAttempt(new PaymentAttempt(method, failureCode));
    return fact;
  }
}
