package io.carteira.operators.metrics;

import static io.carteira.operators.metrics.MetricRecords.find;
import static io.carteira.operators.metrics.MetricRecords.money;
import static io.carteira.operators.metrics.MetricRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The provisional figures of a business day still open, as plain functions: the day as if it closed
 * now, with its running flows and its balances now, under the keys of its final records, without
 * the ratios over a balance at its end.
 */
class OpenDayTest {

  private static final LocalDate DAY = LocalDate.of(2026, 3, 20);
  private static final Instant START = Instant.parse("2026-03-20T03:00:00Z");
  private static final Instant END = Instant.parse("2026-03-21T03:00:00Z");
  private static final PortfolioSegments.Slice WHOLE =
      new PortfolioSegments.Slice("BRL", null, null);
  private static final Set<String> AT_THE_CLOSE_ONLY =
      Set.of("arpa", "revenue_concentration_top_20", "delinquency_rate", "recovery_rate");

  @Test
  void theRunningFlowsAndTheBalancesNow_provisional() {
    MovementTotals soFar = soFar();
    Map<String, Long> customersByMrr = customersAtStart();
    Map<String, OpenReceivable> receivables = receivablesAtStart();

    List<PortfolioMetric> m = openDay(soFar, customersByMrr, receivables);

    assertThat(m)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getProvisional()).isTrue();
              assertThat(r.getWindowKind()).isEqualTo(MetricWindow.DAY);
              assertThat(r.getWindowStart()).isEqualTo(START);
              assertThat(r.getWindowEnd()).isEqualTo(END);
            });
    // 3 customers at 10,000; so far a new one at 5,000 and one churned
    assertThat(money(m, "mrr_start")).isEqualTo(30_000L);
    assertThat(money(m, "new_mrr")).isEqualTo(5_000L);
    assertThat(money(m, "churned_mrr")).isEqualTo(10_000L);
    assertThat(money(m, "mrr")).isEqualTo(25_000L);
    assertThat(value(m, "customers")).isEqualTo(3.0);
    assertThat(value(m, "logo_churn_rate")).isEqualTo(1.0 / 3);
    // 2 invoices of 10,000 due 5 days ago; one recovered so far: one open, past due 1-15
    assertThat(money(m, "open_receivables")).isEqualTo(10_000L);
    assertThat(value(m, "open_invoices")).isEqualTo(1.0);
    assertThat(money(m, "past_due_receivables")).isEqualTo(10_000L);
    assertThat(find(m, "open_receivables", Map.of("aging_bucket", "1-15")).getValueMinor())
        .isEqualTo(10_000L);
    assertThat(value(m, "recovered_invoices")).isEqualTo(1.0);
    assertThat(value(m, "median_days_to_recover")).isEqualTo(5.0);
    assertThat(value(m, "payment_attempts")).isEqualTo(2.0);
    assertThat(value(m, "payment_failure_rate")).isEqualTo(0.5);
    assertThat(find(m, "payment_failures", Map.of("failure_code", "insufficient_funds")))
        .isNotNull();
    assertThat(m)
        .as("the ratios over a balance at the end of the day wait for the close")
        .noneMatch(r -> AT_THE_CLOSE_ONLY.contains(r.getMetric()));
    // nothing handed in is changed
    assertThat(soFar).isEqualTo(soFar());
    assertThat(customersByMrr).isEqualTo(customersAtStart());
    assertThat(receivables).isEqualTo(receivablesAtStart());
  }

  @Test
  void theCloseOfTheSameFactsHasEveryProvisionalKeyWithTheSameValue_andTheRatiosOverBalances() {
    List<PortfolioMetric> provisional = openDay(soFar(), customersAtStart(), receivablesAtStart());
    MovementTotals day = soFar();
    Map<String, Long> customersByMrr = customersAtStart();
    Map<String, OpenReceivable> receivables = receivablesAtStart();
    DayTotals.close(day, customersByMrr, receivables);
    List<PortfolioMetric> closed =
        PortfolioMetrics.of(
            MetricWindow.DAY,
            START,
            END,
            WHOLE,
            30_000,
            3,
            day,
            new PortfolioMetrics.Balances(customersByMrr, receivables, (int) DAY.toEpochDay()));

    Map<String, PortfolioMetric> finals = byKey(closed);
    assertThat(finals.values()).noneMatch(PortfolioMetric::getProvisional);
    for (PortfolioMetric p : provisional) {
      PortfolioMetric f = finals.get(PortfolioMetricKey.of(p));
      assertThat(f).as(PortfolioMetricKey.of(p)).isNotNull();
      assertThat(PortfolioMetric.newBuilder(p).setProvisional(false).build())
          .as(PortfolioMetricKey.of(p))
          .isEqualTo(f);
    }
    assertThat(
            closed.stream()
                .filter(f -> !byKey(provisional).containsKey(PortfolioMetricKey.of(f)))
                .map(PortfolioMetric::getMetric)
                .collect(Collectors.toSet()))
        .isEqualTo(AT_THE_CLOSE_ONLY);
  }

  @Test
  void aBalanceThatFallsToZeroWithinTheDayLeavesNoProvisionalRateTheCloseWouldOmit() {
    // the only open invoice paid off on its due date: nothing open at the end of the day
    Map<String, OpenReceivable> receivables =
        new HashMap<>(Map.of(String.valueOf(DAY.toEpochDay()), new OpenReceivable(10_000L, 1L)));
    MovementTotals paid = MovementTotals.newBuilder().build();
    paid.setReceivableChanges(
        new HashMap<>(Map.of(String.valueOf(DAY.toEpochDay()), new OpenReceivable(-10_000L, -1L))));
    MovementTotals nothingYet = MovementTotals.newBuilder().build();

    assertThat(find(openDay(nothingYet, Map.of(), receivables), "open_receivables", Map.of()))
        .extracting(PortfolioMetric::getValueMinor)
        .isEqualTo(10_000L);
    assertThat(openDay(nothingYet, Map.of(), receivables))
        .noneMatch(r -> r.getMetric().equals("delinquency_rate"));
    assertThat(find(openDay(paid, Map.of(), receivables), "open_receivables", Map.of()))
        .extracting(PortfolioMetric::getValueMinor)
        .isEqualTo(0L);
  }

  // ---- figures

  private static List<PortfolioMetric> openDay(
      MovementTotals soFar,
      Map<String, Long> customersByMrr,
      Map<String, OpenReceivable> receivables) {
    return OpenDay.metrics(
        START, END, WHOLE, 30_000, 3, soFar, customersByMrr, receivables, (int) DAY.toEpochDay());
  }

  /** A new customer at 5,000, one churned at 10,000, a late invoice paid off, two attempts. */
  private static MovementTotals soFar() {
    MovementTotals t = MovementTotals.newBuilder().build();
    t.setNewMrr(5_000);
    t.setNewCustomers(1);
    t.setChurnedMrr(10_000);
    t.setChurnedCustomers(1);
    t.setMrrChanges(new HashMap<>(Map.of("5000", 1, "10000", -1)));
    String due = String.valueOf(DAY.minusDays(5).toEpochDay());
    t.setReceivableChanges(new HashMap<>(Map.of(due, new OpenReceivable(-10_000L, -1L))));
    t.setRecoveredInvoicesByBucket(new HashMap<>(Map.of("1-15", 1L)));
    t.setRecoveredMinorByBucket(new HashMap<>(Map.of("1-15", 10_000L)));
    t.setDaysToRecover(new HashMap<>(Map.of("5", 1L)));
    t.setAttemptsByMethod(new HashMap<>(Map.of("PIX", 2L)));
    t.setFailuresByMethod(new HashMap<>(Map.of("PIX", 1L)));
    t.setFailuresByCode(new HashMap<>(Map.of("insufficient_funds", 1L)));
    return t;
  }

  private static Map<String, Long> customersAtStart() {
    return new HashMap<>(Map.of("10000", 3L));
  }

  private static Map<String, OpenReceivable> receivablesAtStart() {
    return new HashMap<>(
        Map.of(String.valueOf(DAY.minusDays(5).toEpochDay()), new OpenReceivable(20_000L, 2L)));
  }

  private static Map<String, PortfolioMetric> byKey(List<PortfolioMetric> all) {
    return all.stream().collect(Collectors.toMap(PortfolioMetricKey::of, Function.identity()));
  }
}
