package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.ZONE;
import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.payment;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.metrics.PortfolioMetrics;
import io.carteira.operators.metrics.PortfolioMetricsFunction;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Hand-made portfolios through the customer operator and the metrics operator, with the figures a
 * finance team would compute by hand: each movement type, and the edges (upgrade and downgrade on
 * one day, churn then reactivation, a refund, two subscriptions of one customer, a part payment, a
 * late invoice aging and recovered).
 */
class PortfolioMetricsEdgeCasesTest {

  @Test
  void anUpgradeAndADowngradeOnOneDayAreBothCounted_andMrrEndsWhereItStarted() throws Exception {
    List<PortfolioMetric> m = run(31, c -> {
      c.send(started(at(0, 10), "essencial", 9_900));
      c.send(subscription(at(10, 10), SubscriptionEventType.PLAN_CHANGED, b -> b.setPlanId("profissional").setMrrMinor(29_900L)));
      c.send(subscription(at(10, 15), SubscriptionEventType.PLAN_CHANGED, b -> b.setPlanId("essencial").setMrrMinor(9_900L)));
    });
    assertThat(money(m, "expansion_mrr", MetricWindow.DAY, 10)).isEqualTo(20_000L);
    assertThat(money(m, "contraction_mrr", MetricWindow.DAY, 10)).isEqualTo(20_000L);
    assertThat(money(m, "mrr", MetricWindow.DAY, 10)).isEqualTo(9_900L);
    assertThat(value(m, "nrr", MetricWindow.DAY, 10)).isEqualTo(1.0);
    assertThat(value(m, "gross_mrr_churn_rate", MetricWindow.DAY, 10)).isCloseTo(20_000 / 9_900.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(value(m, "quick_ratio", MetricWindow.DAY, 10)).isEqualTo(1.0);
  }

  @Test
  void aChurnThenAReactivation() throws Exception {
    List<PortfolioMetric> m = run(80, c -> {
      c.send(started(at(0, 10), "essencial", 9_900));
      c.send(subscription(at(40, 10), SubscriptionEventType.CANCELLED, b -> b.setCancelReason("preço")));
      c.send(started(at(70, 10), "profissional", 29_900));
    });
    assertThat(money(m, "churned_mrr", MetricWindow.DAY, 40)).isEqualTo(9_900L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 40)).isEqualTo(1.0);
    assertThat(value(m, "logo_churn_rate", MetricWindow.DAY, 40)).isEqualTo(1.0);
    assertThat(value(m, "customers", MetricWindow.DAY, 40)).isZero();
    assertThat(metric(m, "arpa", MetricWindow.DAY, 40, Map.of())).as("ARPA of no customers is absent").isNull();
    assertThat(money(m, "reactivation_mrr", MetricWindow.DAY, 70)).isEqualTo(29_900L);
    assertThat(value(m, "reactivated_customers", MetricWindow.DAY, 70)).isEqualTo(1.0);
    assertThat(value(m, "new_customers", MetricWindow.DAY, 70)).as("a returning customer is not new").isZero();
    assertThat(metric(m, "nrr", MetricWindow.DAY, 70, Map.of())).as("no MRR at the start: NRR is absent, not zero").isNull();
    assertThat(money(m, "mrr", MetricWindow.DAY, 70)).isEqualTo(29_900L);
  }

  @Test
  void aRefundIsCashBack_notAnMrrMovement() throws Exception {
    List<PortfolioMetric> m = run(31, c -> {
      c.send(started(at(0, 10), "essencial", 9_900));
      c.send(invoice(at(1, 6), "inv-1", 9_900, day(6)));
      c.send(paid(at(2, 10), "inv-1", 9_900));
      c.send(payment(at(5, 10), PaymentEventType.REFUNDED, b -> b.setInvoiceId("inv-1").setAmountMinor(5_000L)));
    });
    assertThat(value(m, "refunds", MetricWindow.DAY, 5)).isEqualTo(1.0);
    assertThat(money(m, "refunded_minor", MetricWindow.DAY, 5)).isEqualTo(5_000L);
    assertThat(money(m, "mrr", MetricWindow.DAY, 5)).isEqualTo(9_900L);
    assertThat(money(m, "contraction_mrr", MetricWindow.DAY, 5)).isZero();
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 5)).isZero();
  }

  @Test
  void twoSubscriptionsOfOneCustomer_churnOnlyWhenTheLastEnds() throws Exception {
    List<PortfolioMetric> m = run(31, c -> {
      c.send(subscription(at(0, 10), SubscriptionEventType.STARTED, b -> b.setSubscriptionId("sub-a").setMrrMinor(9_900L)
          .setAcquisitionCostMinor(29_700L)));
      c.send(subscription(at(3, 10), SubscriptionEventType.STARTED, b -> b.setSubscriptionId("sub-b").setMrrMinor(5_000L)));
      c.send(subscription(at(8, 10), SubscriptionEventType.CANCELLED, b -> b.setSubscriptionId("sub-a")));
      c.send(subscription(at(9, 10), SubscriptionEventType.CANCELLED, b -> b.setSubscriptionId("sub-b")));
    });
    assertThat(value(m, "new_customers", MetricWindow.DAY, 0)).isEqualTo(1.0);
    assertThat(money(m, "cac", MetricWindow.DAY, 0)).isEqualTo(29_700L);
    assertThat(value(m, "payback_months", MetricWindow.DAY, 0)).isEqualTo(3.0);
    assertThat(money(m, "expansion_mrr", MetricWindow.DAY, 3)).as("a second subscription expands the customer").isEqualTo(5_000L);
    assertThat(value(m, "new_customers", MetricWindow.DAY, 3)).isZero();
    assertThat(money(m, "contraction_mrr", MetricWindow.DAY, 8)).as("one of two subscriptions ends: a contraction").isEqualTo(9_900L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 8)).isZero();
    assertThat(value(m, "customers", MetricWindow.DAY, 8)).isEqualTo(1.0);
    assertThat(money(m, "churned_mrr", MetricWindow.DAY, 9)).as("the last one ends: churn").isEqualTo(5_000L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 9)).isEqualTo(1.0);
  }

  @Test
  void aLateInvoiceAgesThroughTheBuckets_andItsPaymentIsARecovery() throws Exception {
    List<PortfolioMetric> m = run(31, c -> {
      c.send(started(at(0, 10), "essencial", 9_900));
      c.send(invoice(at(1, 6), "inv-1", 10_000, day(5)));
      c.send(payment(at(5, 9), PaymentEventType.PAYMENT_FAILED, b -> b.setInvoiceId("inv-1").setFailureCode("insufficient_funds")));
      c.send(paid(at(12, 10), "inv-1", 4_000)); // a part payment: still open, 6,000 left
      c.send(paid(at(25, 10), "inv-1", 6_000));
    });
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 5)).isEqualTo(10_000L);
    assertThat(money(m, "past_due_receivables", MetricWindow.DAY, 5)).as("due today: not past due yet").isZero();
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 6, Map.of("aging_bucket", "1-15"))).isEqualTo(10_000L);
    assertThat(value(m, "delinquency_rate", MetricWindow.DAY, 6)).isEqualTo(1.0);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 12, Map.of("aging_bucket", "1-15"))).isEqualTo(6_000L);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 21, Map.of("aging_bucket", "16-30"))).as("16 days past due")
        .isEqualTo(6_000L);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 20, Map.of("aging_bucket", "1-15"))).as("15 days past due")
        .isEqualTo(6_000L);
    assertThat(value(m, "recovery_rate", MetricWindow.DAY, 24)).as("delinquent, none recovered yet").isZero();
    assertThat(value(m, "recovered_invoices", MetricWindow.DAY, 25, Map.of("aging_bucket", "16-30"))).isEqualTo(1.0);
    assertThat(money(m, "recovered_minor", MetricWindow.DAY, 25)).isEqualTo(6_000L);
    assertThat(value(m, "median_days_to_recover", MetricWindow.DAY, 25)).isEqualTo(20.0);
    assertThat(value(m, "recovery_rate", MetricWindow.DAY, 25)).isEqualTo(1.0);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 25)).isZero();
    assertThat(metric(m, "delinquency_rate", MetricWindow.DAY, 25, Map.of())).as("nothing open: absent").isNull();
    assertThat(value(m, "payment_failure_rate", MetricWindow.DAY, 5, Map.of("method", "BOLETO")))
        .as("the failure takes its invoice's method").isEqualTo(1.0);
    assertThat(value(m, "payment_failures", MetricWindow.DAY, 5, Map.of("failure_code", "insufficient_funds"))).isEqualTo(1.0);
    assertThat(value(m, "payment_failure_rate", MetricWindow.MONTH, 29, Map.of("method", "BOLETO"))).as("1 failed of 3 attempts")
        .isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void revenueConcentrationIsTheShareOfTheTopFifthOfPayingCustomers() {
    Map<String, Long> byMrr = new HashMap<>();
    for (long mrr = 1_000; mrr <= 10_000; mrr += 1_000) {
      byMrr.put(String.valueOf(mrr), 1L);
    }
    byMrr.put("10000", 2L); // eleven customers: the top 20% is three of them (rounded up)
    List<PortfolioMetric> m = PortfolioMetrics.of(MetricWindow.DAY, Instant.EPOCH, Instant.EPOCH, "BRL", 0, 0,
        MovementTotals.newBuilder().build(), new PortfolioMetrics.Balances(byMrr, Map.<String, OpenReceivable>of(), 0));
    assertThat(m).filteredOn(r -> r.getMetric().equals("revenue_concentration_top_20")).singleElement()
        .satisfies(r -> assertThat(r.getValue()).isCloseTo(29_000 / 65_000.0, org.assertj.core.data.Offset.offset(1e-12)));
  }

  // ---------------------------------------------------------------------------------------------

  interface Timeline {
    void on(CustomerHarness c) throws Exception;
  }

  /** The timeline's facts through the metrics operator, its watermark at the start of {@code untilDay}. */
  private static List<PortfolioMetric> run(int untilDay, Timeline timeline) throws Exception {
    List<PortfolioFact> facts;
    try (CustomerHarness c = CustomerHarness.open()) {
      timeline.on(c);
      facts = c.facts();
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, PortfolioFact, PortfolioMetric> h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new PortfolioMetricsFunction(ZONE)), PortfolioFact::getCurrency, Types.STRING)) {
      h.open();
      for (PortfolioFact fact : facts) {
        h.processElement(fact, fact.getEventTime().toEpochMilli());
      }
      h.processWatermark(midnight(untilDay).toEpochMilli());
      return h.extractOutputValues();
    }
  }

  private static PortfolioMetric metric(List<PortfolioMetric> all, String name, MetricWindow window, int lastDay, Map<String, String> dims) {
    Instant end = midnight(lastDay + 1);
    List<PortfolioMetric> found = all.stream().filter(r -> r.getMetric().equals(name) && r.getWindowKind() == window
        && r.getWindowEnd().equals(end) && r.getDimensions().equals(dims)).toList();
    assertThat(found).as(name + " " + dims + " " + window + " ending day " + lastDay).hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? null : found.get(0);
  }

  private static Long money(List<PortfolioMetric> all, String name, MetricWindow window, int lastDay) {
    return money(all, name, window, lastDay, Map.of());
  }

  private static Long money(List<PortfolioMetric> all, String name, MetricWindow window, int lastDay, Map<String, String> dims) {
    PortfolioMetric m = metric(all, name, window, lastDay, dims);
    assertThat(m).as(name + " " + dims + " day " + lastDay).isNotNull();
    return m.getValueMinor();
  }

  private static Double value(List<PortfolioMetric> all, String name, MetricWindow window, int lastDay) {
    return value(all, name, window, lastDay, Map.of());
  }

  private static Double value(List<PortfolioMetric> all, String name, MetricWindow window, int lastDay, Map<String, String> dims) {
    PortfolioMetric m = metric(all, name, window, lastDay, dims);
    assertThat(m).as(name + " " + dims + " day " + lastDay).isNotNull();
    return m.getValue();
  }
}
