package io.carteira.operators.metrics;

import static io.carteira.operators.metrics.MetricRecords.find;
import static io.carteira.operators.metrics.MetricRecords.money;
import static io.carteira.operators.metrics.MetricRecords.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The portfolio metrics as plain functions: every metric of a window with the figures a finance
 * team would compute by hand, at the edges (a zero denominator, rounding half up, each aging
 * bucket's first and last day).
 */
class PortfolioMetricsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");
  private static final Instant START = Instant.parse("2026-03-01T03:00:00Z");
  private static final Instant END = Instant.parse("2026-03-02T03:00:00Z");
  private static final int LAST_DAY = (int) LocalDate.of(2026, 3, 31).toEpochDay();
  private static final PortfolioSegments.Slice WHOLE =
      new PortfolioSegments.Slice("BRL", null, null);

  // ---- the metrics of a window

  @Test
  void mrrFamilyFiguresByHand() {
    MovementTotals t = MovementTotals.newBuilder().build();
    t.setNewMrr(20_000);
    t.setNewCustomers(2);
    t.setExpansionMrr(5_000);
    t.setContractionMrr(3_000);
    t.setChurnedMrr(7_000);
    t.setChurnedCustomers(1);
    t.setInvoluntaryChurnedMrr(7_000);
    t.setInvoluntaryChurnedCustomers(1);
    t.setReactivationMrr(1_000);
    t.setReactivatedCustomers(1);
    t.setAcquisitionCostMinor(90_000);
    t.setCustomersWithAcquisitionCost(2);
    // 10 customers and 100,000 at the start
    List<PortfolioMetric> m = of(MetricWindow.MONTH, 100_000, 10, t, balances(Map.of(), Map.of()));
    assertThat(money(m, "mrr")).isEqualTo(116_000L);
    assertThat(money(m, "mrr_start")).isEqualTo(100_000L);
    assertThat(value(m, "customers")).isEqualTo(12.0);
    assertThat(value(m, "customers_start")).isEqualTo(10.0);
    assertThat(money(m, "churned_mrr")).isEqualTo(7_000L);
    assertThat(money(m, "involuntary_churned_mrr")).isEqualTo(7_000L);
    assertThat(money(m, "voluntary_churned_mrr")).isZero();
    assertThat(value(m, "churned_customers")).isEqualTo(1.0);
    assertThat(value(m, "involuntary_churned_customers")).isEqualTo(1.0);
    assertThat(value(m, "voluntary_churned_customers")).isZero();
    assertThat(value(m, "logo_churn_rate")).isEqualTo(0.1);
    assertThat(value(m, "gross_mrr_churn_rate")).isEqualTo(0.1); // (7,000 + 3,000) ÷ 100,000
    assertThat(value(m, "net_mrr_churn_rate")).isEqualTo(0.04); // (10,000 − 6,000) ÷ 100,000
    assertThat(value(m, "grr")).isEqualTo(0.9);
    assertThat(value(m, "nrr")).isEqualTo(0.96);
    assertThat(value(m, "quick_ratio")).isEqualTo(2.6); // 26,000 ÷ 10,000
    assertThat(money(m, "arpa")).isEqualTo(9_667L); // 116,000 ÷ 12 = 9,666.67, half up
    assertThat(money(m, "ltv")).isEqualTo(96_667L); // ARPA ÷ 0.1
    assertThat(money(m, "cac")).isEqualTo(45_000L);
    assertThat(value(m, "payback_months")).isCloseTo(4.5, within(1e-12)); // 45,000 ÷ 10,000
  }

  @Test
  void aRateWithAZeroDenominatorIsAbsentNeverZero() {
    List<PortfolioMetric> m =
        of(
            MetricWindow.MONTH,
            0,
            0,
            MovementTotals.newBuilder().build(),
            balances(Map.of(), Map.of()));
    for (String rate :
        List.of(
            "logo_churn_rate",
            "gross_mrr_churn_rate",
            "net_mrr_churn_rate",
            "grr",
            "nrr",
            "quick_ratio",
            "arpa",
            "ltv",
            "cac",
            "payback_months",
            "revenue_concentration_top_20",
            "delinquency_rate",
            "recovery_rate",
            "payment_failure_rate",
            "median_days_to_recover")) {
      assertThat(find(m, rate, Map.of())).as(rate).isNull();
    }
    assertThat(money(m, "mrr")).isZero();
    assertThat(value(m, "payment_attempts")).isZero();
  }

  @Test
  void arpaRoundsHalfUpToTheMinorUnit() {
    MovementTotals t = MovementTotals.newBuilder().build();
    assertThat(money(of(MetricWindow.DAY, 5, 2, t, balances(Map.of(), Map.of())), "arpa"))
        .isEqualTo(3L); // 2.5
    assertThat(money(of(MetricWindow.DAY, 7, 3, t, balances(Map.of(), Map.of())), "arpa"))
        .isEqualTo(2L); // 2.33
    assertThat(money(of(MetricWindow.DAY, 8, 3, t, balances(Map.of(), Map.of())), "arpa"))
        .isEqualTo(3L); // 2.67
  }

  @Test
  void lifetimeValueOnlyForMonthLongWindows() {
    MovementTotals t = MovementTotals.newBuilder().build();
    t.setChurnedCustomers(1);
    t.setChurnedMrr(1_000);
    Balances none = balances(Map.of(), Map.of());
    assertThat(find(of(MetricWindow.DAY, 10_000, 10, t, none), "ltv", Map.of())).isNull();
    assertThat(money(of(MetricWindow.ROLLING_30_DAYS, 10_000, 10, t, none), "ltv"))
        .isEqualTo(10_000L); // ARPA 1,000 ÷ 10% churn
  }

  @Test
  void revenueConcentrationOfTheTopFifthRoundedUpToWholeCustomers() {
    MovementTotals none = MovementTotals.newBuilder().build();
    // five customers: the top 20% is exactly one, 50,000 of 100,000
    Map<String, Long> five = Map.of("50000", 1L, "20000", 1L, "10000", 3L);
    assertThat(
            value(
                of(MetricWindow.DAY, 0, 0, none, balances(five, Map.of())),
                "revenue_concentration_top_20"))
        .isEqualTo(0.5);
    // six: 1.2 rounded up to two, 70,000 of 110,000
    Map<String, Long> six = Map.of("50000", 1L, "20000", 1L, "10000", 4L);
    assertThat(
            value(
                of(MetricWindow.DAY, 0, 0, none, balances(six, Map.of())),
                "revenue_concentration_top_20"))
        .isCloseTo(70_000 / 110_000.0, within(1e-12));
  }

  @Test
  void openReceivablesAgeIntoBucketsFromTheDayAfterTheirDueDate() {
    // due on the last day (not yet past due), and 1, 15, 16, 30, 31, 60, 61, 90 and 91 days before
    Map<String, OpenReceivable> open = new HashMap<>();
    for (int age : new int[] {0, 1, 15, 16, 30, 31, 60, 61, 90, 91}) {
      open.put(String.valueOf(LAST_DAY - age), new OpenReceivable(1_000L + age, 1L));
    }
    List<PortfolioMetric> m =
        of(MetricWindow.DAY, 0, 0, MovementTotals.newBuilder().build(), balances(Map.of(), open));
    assertThat(money(m, "open_receivables")).isEqualTo(10_000L + 395);
    assertThat(value(m, "open_invoices")).isEqualTo(10.0);
    assertThat(money(m, "past_due_receivables")).isEqualTo(9_000L + 395);
    assertThat(value(m, "delinquency_rate")).isCloseTo(9_395 / 10_395.0, within(1e-12));
    assertThat(bucket(m, "open_receivables", "1-15")).isEqualTo(1_001L + 1_015);
    assertThat(bucket(m, "open_receivables", "16-30")).isEqualTo(1_016L + 1_030);
    assertThat(bucket(m, "open_receivables", "31-60")).isEqualTo(1_031L + 1_060);
    assertThat(bucket(m, "open_receivables", "61-90")).isEqualTo(1_061L + 1_090);
    assertThat(bucket(m, "open_receivables", "90+")).isEqualTo(1_091L);
    assertThat(value(m, "recovery_rate")).as("nothing recovered of 9 past due").isZero();
  }

  @Test
  void recoveriesMedianAndRateOverallAndPerBucket() {
    MovementTotals t = MovementTotals.newBuilder().build();
    t.setRecoveredInvoicesByBucket(Map.of("1-15", 3L, "16-30", 1L));
    t.setRecoveredMinorByBucket(Map.of("1-15", 30_000L, "16-30", 9_900L));
    t.setDaysToRecover(Map.of("2", 1L, "5", 2L, "20", 1L));
    // one invoice still open, 20 days past due
    Map<String, OpenReceivable> open =
        Map.of(String.valueOf(LAST_DAY - 20), new OpenReceivable(9_900L, 1L));
    List<PortfolioMetric> m = of(MetricWindow.MONTH, 0, 0, t, balances(Map.of(), open));
    assertThat(value(m, "recovered_invoices")).isEqualTo(4.0);
    assertThat(money(m, "recovered_minor")).isEqualTo(39_900L);
    assertThat(value(m, "median_days_to_recover")).isEqualTo(5.0); // 2, 5, 5, 20
    assertThat(value(m, "recovery_rate")).isEqualTo(0.8); // 4 of 4 + 1
    assertThat(find(m, "median_days_to_recover", Map.of("aging_bucket", "1-15")).getValue())
        .isEqualTo(5.0); // 2, 5, 5
    assertThat(find(m, "recovery_rate", Map.of("aging_bucket", "16-30")).getValue())
        .isEqualTo(0.5); // 1 of 1 + 1
    assertThat(find(m, "recovery_rate", Map.of("aging_bucket", "31-60"))).isNull();
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    MovementTotals t = MovementTotals.newBuilder().build();
    t.setDaysToRecover(Map.of("3", 1L, "8", 1L));
    List<PortfolioMetric> m = of(MetricWindow.DAY, 0, 0, t, balances(Map.of(), Map.of()));
    assertThat(value(m, "median_days_to_recover")).isEqualTo(5.5);
  }

  @Test
  void paymentFailureRatesOverallPerMethodAndPerCode() {
    MovementTotals t = MovementTotals.newBuilder().build();
    t.setAttemptsByMethod(Map.of("CARD", 4L, "PIX", 1L));
    t.setFailuresByMethod(Map.of("CARD", 2L));
    t.setFailuresByCode(Map.of("insufficient_funds", 1L, "expired_card", 1L));
    List<PortfolioMetric> m = of(MetricWindow.DAY, 0, 0, t, balances(Map.of(), Map.of()));
    assertThat(value(m, "payment_attempts")).isEqualTo(5.0);
    assertThat(value(m, "payment_failures")).isEqualTo(2.0);
    assertThat(value(m, "payment_failure_rate")).isEqualTo(0.4);
    assertThat(find(m, "payment_failure_rate", Map.of("method", "CARD")).getValue()).isEqualTo(0.5);
    assertThat(find(m, "payment_failure_rate", Map.of("method", "PIX")).getValue()).isZero();
    assertThat(find(m, "payment_failure_rate", Map.of("failure_code", "expired_card")).getValue())
        .isEqualTo(0.2); // of all attempts
  }

  @Test
  void aSegmentReportsOnlyTheFamiliesItsDimensionCarries() {
    MovementTotals t = MovementTotals.newBuilder().build();
    PortfolioMetrics.Balances none = new PortfolioMetrics.Balances(Map.of(), Map.of(), LAST_DAY);
    List<PortfolioMetric> channel =
        PortfolioMetrics.of(
            MetricWindow.DAY,
            START,
            END,
            new PortfolioSegments.Slice("BRL", PortfolioSegments.ACQUISITION_CHANNEL, "ads"),
            0,
            0,
            t,
            none);
    assertThat(channel)
        .extracting(PortfolioMetric::getMetric)
        .contains("mrr")
        .doesNotContain("open_receivables", "payment_attempts");
    assertThat(channel)
        .allSatisfy(r -> assertThat(r.getDimensions()).containsEntry("acquisition_channel", "ads"));
    List<PortfolioMetric> behaviour =
        PortfolioMetrics.of(
            MetricWindow.DAY,
            START,
            END,
            new PortfolioSegments.Slice("BRL", PortfolioSegments.PAYMENT_BEHAVIOUR, "PUNCTUAL"),
            0,
            0,
            t,
            none);
    assertThat(behaviour)
        .extracting(PortfolioMetric::getMetric)
        .contains("open_receivables", "refunds")
        .doesNotContain("mrr");
  }

  @Test
  void everyRecordCarriesItsWindowCurrencyAndDefinitionVersion() {
    List<PortfolioMetric> m =
        of(
            MetricWindow.DAY,
            0,
            0,
            MovementTotals.newBuilder().build(),
            balances(Map.of(), Map.of()));
    assertThat(m)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getWindowKind()).isEqualTo(MetricWindow.DAY);
              assertThat(r.getWindowStart()).isEqualTo(START);
              assertThat(r.getWindowEnd()).isEqualTo(END);
              assertThat(r.getCurrency()).isEqualTo("BRL");
              assertThat(r.getDefinitionVersion()).isEqualTo(3);
            });
  }

  // ---- support

  private record Balances(Map<String, Long> byMrr, Map<String, OpenReceivable> open) {}

  private static Balances balances(Map<String, Long> byMrr, Map<String, OpenReceivable> open) {
    return new Balances(byMrr, open);
  }

  private static List<PortfolioMetric> of(
      MetricWindow window, long mrrStart, long customersStart, MovementTotals t, Balances b) {
    return PortfolioMetrics.of(
        window,
        START,
        END,
        WHOLE,
        mrrStart,
        customersStart,
        t,
        new PortfolioMetrics.Balances(b.byMrr(), b.open(), LAST_DAY));
  }

  private static Long bucket(List<PortfolioMetric> all, String name, String bucket) {
    PortfolioMetric m = find(all, name, Map.of("aging_bucket", bucket));
    assertThat(m).as(name + " " + bucket).isNotNull();
    return m.getValueMinor();
  }
}
