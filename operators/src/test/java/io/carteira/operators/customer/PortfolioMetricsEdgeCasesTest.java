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
import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.operators.metrics.PortfolioSliceTotals;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioSlice;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
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
    List<PortfolioMetric> m =
        run(
            31,
            c -> {
              c.send(started(at(0, 10), "essencial", 9_900));
              c.send(
                  subscription(
                      at(10, 10),
                      SubscriptionEventType.PLAN_CHANGED,
                      b -> b.setPlanId("profissional").setMrrMinor(29_900L)));
              c.send(
                  subscription(
                      at(10, 15),
                      SubscriptionEventType.PLAN_CHANGED,
                      b -> b.setPlanId("essencial").setMrrMinor(9_900L)));
            });
    assertThat(money(m, "expansion_mrr", MetricWindow.DAY, 10)).isEqualTo(20_000L);
    assertThat(money(m, "contraction_mrr", MetricWindow.DAY, 10)).isEqualTo(20_000L);
    assertThat(money(m, "mrr", MetricWindow.DAY, 10)).isEqualTo(9_900L);
    assertThat(value(m, "nrr", MetricWindow.DAY, 10)).isEqualTo(1.0);
    assertThat(value(m, "gross_mrr_churn_rate", MetricWindow.DAY, 10))
        .isCloseTo(20_000 / 9_900.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(value(m, "quick_ratio", MetricWindow.DAY, 10)).isEqualTo(1.0);
  }

  @Test
  void aChurnThenAReactivation() throws Exception {
    List<PortfolioMetric> m =
        run(
            80,
            c -> {
              c.send(started(at(0, 10), "essencial", 9_900));
              c.send(
                  subscription(
                      at(40, 10),
                      SubscriptionEventType.CANCELLED,
                      b -> b.setCancelReason("preço")));
              c.send(started(at(70, 10), "profissional", 29_900));
            });
    assertThat(money(m, "churned_mrr", MetricWindow.DAY, 40)).isEqualTo(9_900L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 40)).isEqualTo(1.0);
    assertThat(value(m, "logo_churn_rate", MetricWindow.DAY, 40)).isEqualTo(1.0);
    assertThat(value(m, "customers", MetricWindow.DAY, 40)).isZero();
    assertThat(metric(m, "arpa", MetricWindow.DAY, 40, Map.of()))
        .as("ARPA of no customers is absent")
        .isNull();
    assertThat(money(m, "reactivation_mrr", MetricWindow.DAY, 70)).isEqualTo(29_900L);
    assertThat(value(m, "reactivated_customers", MetricWindow.DAY, 70)).isEqualTo(1.0);
    assertThat(value(m, "new_customers", MetricWindow.DAY, 70))
        .as("a returning customer is not new")
        .isZero();
    assertThat(metric(m, "nrr", MetricWindow.DAY, 70, Map.of()))
        .as("no MRR at the start: NRR is absent, not zero")
        .isNull();
    assertThat(money(m, "mrr", MetricWindow.DAY, 70)).isEqualTo(29_900L);
  }

  @Test
  void churnIsVoluntaryOrInvoluntary_andTheTwoAddUpToChurnedMrr() throws Exception {
    List<PortfolioMetric> m =
        run(
            12,
            c -> {
              // ana cancels with her payments standing: voluntary
              c.send(as("ana", started(at(0, 9), "essencial", 9_900)));
              c.send(
                  as(
                      "ana",
                      subscription(
                          at(10, 10),
                          SubscriptionEventType.CANCELLED,
                          b -> b.setCancelReason("preço"))));
              // bia's card is declined hard and never replaced before her cancellation:
              // involuntary
              c.send(as("bia", started(at(0, 9), "profissional", 29_900)));
              c.send(as("bia", invoice(at(5, 10), "b-1", 29_900, day(8))));
              c.send(
                  as(
                      "bia",
                      payment(
                          at(8, 10),
                          PaymentEventType.PAYMENT_FAILED,
                          b -> b.setInvoiceId("b-1").setFailureCode("stolen_card"))));
              c.send(as("bia", subscription(at(10, 11), SubscriptionEventType.CANCELLED, b -> {})));
            });
    assertThat(money(m, "churned_mrr", MetricWindow.DAY, 10)).isEqualTo(9_900L + 29_900L);
    assertThat(money(m, "voluntary_churned_mrr", MetricWindow.DAY, 10)).isEqualTo(9_900L);
    assertThat(money(m, "involuntary_churned_mrr", MetricWindow.DAY, 10)).isEqualTo(29_900L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 10)).isEqualTo(2.0);
    assertThat(value(m, "voluntary_churned_customers", MetricWindow.DAY, 10)).isEqualTo(1.0);
    assertThat(value(m, "involuntary_churned_customers", MetricWindow.DAY, 10)).isEqualTo(1.0);
    assertThat(money(m, "voluntary_churned_mrr", MetricWindow.DAY, 9)).isZero();
    assertThat(money(m, "involuntary_churned_mrr", MetricWindow.DAY, 11)).isZero();
  }

  @Test
  void aRefundIsCashBack_notAnMrrMovement() throws Exception {
    List<PortfolioMetric> m =
        run(
            31,
            c -> {
              c.send(started(at(0, 10), "essencial", 9_900));
              c.send(invoice(at(1, 6), "inv-1", 9_900, day(6)));
              c.send(paid(at(2, 10), "inv-1", 9_900));
              c.send(
                  payment(
                      at(5, 10),
                      PaymentEventType.REFUNDED,
                      b -> b.setInvoiceId("inv-1").setAmountMinor(5_000L)));
            });
    assertThat(value(m, "refunds", MetricWindow.DAY, 5)).isEqualTo(1.0);
    assertThat(money(m, "refunded_minor", MetricWindow.DAY, 5)).isEqualTo(5_000L);
    assertThat(money(m, "mrr", MetricWindow.DAY, 5)).isEqualTo(9_900L);
    assertThat(money(m, "contraction_mrr", MetricWindow.DAY, 5)).isZero();
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 5)).isZero();
  }

  @Test
  void twoSubscriptionsOfOneCustomer_churnOnlyWhenTheLastEnds() throws Exception {
    List<PortfolioMetric> m =
        run(
            31,
            c -> {
              c.send(
                  subscription(
                      at(0, 10),
                      SubscriptionEventType.STARTED,
                      b ->
                          b.setSubscriptionId("sub-a")
                              .setMrrMinor(9_900L)
                              .setAcquisitionCostMinor(29_700L)));
              c.send(
                  subscription(
                      at(3, 10),
                      SubscriptionEventType.STARTED,
                      b -> b.setSubscriptionId("sub-b").setMrrMinor(5_000L)));
              c.send(
                  subscription(
                      at(8, 10),
                      SubscriptionEventType.CANCELLED,
                      b -> b.setSubscriptionId("sub-a")));
              c.send(
                  subscription(
                      at(9, 10),
                      SubscriptionEventType.CANCELLED,
                      b -> b.setSubscriptionId("sub-b")));
            });
    assertThat(value(m, "new_customers", MetricWindow.DAY, 0)).isEqualTo(1.0);
    assertThat(money(m, "cac", MetricWindow.DAY, 0)).isEqualTo(29_700L);
    assertThat(value(m, "payback_months", MetricWindow.DAY, 0)).isEqualTo(3.0);
    assertThat(money(m, "expansion_mrr", MetricWindow.DAY, 3))
        .as("a second subscription expands the customer")
        .isEqualTo(5_000L);
    assertThat(value(m, "new_customers", MetricWindow.DAY, 3)).isZero();
    assertThat(money(m, "contraction_mrr", MetricWindow.DAY, 8))
        .as("one of two subscriptions ends: a contraction")
        .isEqualTo(9_900L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 8)).isZero();
    assertThat(value(m, "customers", MetricWindow.DAY, 8)).isEqualTo(1.0);
    assertThat(money(m, "churned_mrr", MetricWindow.DAY, 9))
        .as("the last one ends: churn")
        .isEqualTo(5_000L);
    assertThat(value(m, "churned_customers", MetricWindow.DAY, 9)).isEqualTo(1.0);
  }

  @Test
  void aLateInvoiceAgesThroughTheBuckets_andItsPaymentIsARecovery() throws Exception {
    List<PortfolioMetric> m =
        run(
            31,
            c -> {
              c.send(started(at(0, 10), "essencial", 9_900));
              c.send(invoice(at(1, 6), "inv-1", 10_000, day(5)));
              c.send(
                  payment(
                      at(5, 9),
                      PaymentEventType.PAYMENT_FAILED,
                      b -> b.setInvoiceId("inv-1").setFailureCode("insufficient_funds")));
              c.send(paid(at(12, 10), "inv-1", 4_000)); // a part payment: still open, 6,000 left
              c.send(paid(at(25, 10), "inv-1", 6_000));
            });
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 5)).isEqualTo(10_000L);
    assertThat(money(m, "past_due_receivables", MetricWindow.DAY, 5))
        .as("due today: not past due yet")
        .isZero();
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 6, Map.of("aging_bucket", "1-15")))
        .isEqualTo(10_000L);
    assertThat(value(m, "delinquency_rate", MetricWindow.DAY, 6)).isEqualTo(1.0);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 12, Map.of("aging_bucket", "1-15")))
        .isEqualTo(6_000L);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 21, Map.of("aging_bucket", "16-30")))
        .as("16 days past due")
        .isEqualTo(6_000L);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 20, Map.of("aging_bucket", "1-15")))
        .as("15 days past due")
        .isEqualTo(6_000L);
    assertThat(value(m, "recovery_rate", MetricWindow.DAY, 24))
        .as("delinquent, none recovered yet")
        .isZero();
    assertThat(
            value(m, "recovered_invoices", MetricWindow.DAY, 25, Map.of("aging_bucket", "16-30")))
        .isEqualTo(1.0);
    assertThat(money(m, "recovered_minor", MetricWindow.DAY, 25)).isEqualTo(6_000L);
    assertThat(value(m, "median_days_to_recover", MetricWindow.DAY, 25)).isEqualTo(20.0);
    assertThat(value(m, "recovery_rate", MetricWindow.DAY, 25)).isEqualTo(1.0);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 25)).isZero();
    assertThat(metric(m, "delinquency_rate", MetricWindow.DAY, 25, Map.of()))
        .as("nothing open: absent")
        .isNull();
    assertThat(value(m, "payment_failure_rate", MetricWindow.DAY, 5, Map.of("method", "BOLETO")))
        .as("the failure takes its invoice's method")
        .isEqualTo(1.0);
    assertThat(
            value(
                m,
                "payment_failures",
                MetricWindow.DAY,
                5,
                Map.of("failure_code", "insufficient_funds")))
        .isEqualTo(1.0);
    assertThat(value(m, "payment_failure_rate", MetricWindow.MONTH, 29, Map.of("method", "BOLETO")))
        .as("1 failed of 3 attempts")
        .isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void segments_mrrByAcquisitionChannel_receivablesByThePaymentBehaviourTheInvoiceWasIssuedUnder()
      throws Exception {
    List<PortfolioMetric> m =
        run(
            41,
            c -> {
              // ana came from google_ads; she pays her first invoice late, so her next one is
              // issued to a chronically late payer
              c.send(
                  as(
                      "ana",
                      subscription(
                          at(0, 9),
                          SubscriptionEventType.STARTED,
                          b ->
                              b.setPlanId("essencial")
                                  .setMrrMinor(9_900L)
                                  .setAttributes(Map.of("acquisition_channel", "google_ads")))));
              c.send(as("ana", invoice(at(0, 10), "a-1", 9_900, day(5))));
              c.send(as("ana", invoice(at(8, 10), "a-extra", 1_000, day(12))));
              c.send(as("ana", paid(at(10, 10), "a-1", 9_900)));
              c.send(as("ana", paid(at(15, 10), "a-extra", 1_000)));
              c.send(as("ana", invoice(at(30, 10), "a-2", 9_900, day(35))));
              // bia states no channel when she starts, and one later: she stays unknown; she pays
              // on time, then churns
              c.send(as("bia", started(at(0, 9), "profissional", 29_900)));
              c.send(as("bia", invoice(at(0, 10), "b-1", 29_900, day(5))));
              c.send(as("bia", paid(at(3, 10), "b-1", 29_900)));
              c.send(
                  as(
                      "bia",
                      subscription(
                          at(20, 9),
                          SubscriptionEventType.PROFILE_UPDATED,
                          b -> b.setAttributes(Map.of("acquisition_channel", "parceiro")))));
              c.send(as("bia", invoice(at(30, 10), "b-2", 29_900, day(35))));
              c.send(
                  as(
                      "bia",
                      payment(
                          at(32, 10),
                          PaymentEventType.PAYMENT_FAILED,
                          b -> b.setInvoiceId("b-2").setFailureCode("expired_card"))));
              c.send(as("bia", paid(at(33, 10), "b-2", 29_900)));
              c.send(
                  as(
                      "bia",
                      subscription(
                          at(38, 9),
                          SubscriptionEventType.CANCELLED,
                          b -> b.setCancelReason("preço"))));
            });
    Map<String, String> googleAds = Map.of("acquisition_channel", "google_ads");
    Map<String, String> unknownChannel = Map.of("acquisition_channel", "unknown");
    assertThat(money(m, "mrr", MetricWindow.DAY, 20, googleAds)).isEqualTo(9_900L);
    assertThat(money(m, "mrr", MetricWindow.DAY, 20, unknownChannel)).isEqualTo(29_900L);
    assertThat(metric(m, "mrr", MetricWindow.DAY, 20, Map.of("acquisition_channel", "parceiro")))
        .as("pinned when she first paid")
        .isNull();
    assertThat(money(m, "churned_mrr", MetricWindow.DAY, 38, unknownChannel)).isEqualTo(29_900L);
    assertThat(money(m, "mrr", MetricWindow.DAY, 40, unknownChannel)).isZero();
    assertThat(money(m, "mrr", MetricWindow.DAY, 40)).isEqualTo(9_900L);
    assertThat(metric(m, "open_receivables", MetricWindow.DAY, 40, googleAds))
        .as("receivables are not by channel")
        .isNull();

    Map<String, String> unknownBehaviour = Map.of("payment_behaviour", "UNKNOWN");
    Map<String, String> chronicallyLate = Map.of("payment_behaviour", "CHRONICALLY_LATE");
    Map<String, String> punctual = Map.of("payment_behaviour", "PUNCTUAL");
    assertThat(value(m, "recovered_invoices", MetricWindow.DAY, 10, unknownBehaviour))
        .as("a-1: issued before any payment")
        .isEqualTo(1.0);
    assertThat(value(m, "recovered_invoices", MetricWindow.DAY, 15, unknownBehaviour))
        .as("a-extra: issued before a-1 was paid late, recovered after")
        .isEqualTo(1.0);
    assertThat(metric(m, "recovered_invoices", MetricWindow.DAY, 15, chronicallyLate))
        .as("no invoice issued to that segment yet")
        .isNull();
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 40, chronicallyLate))
        .isEqualTo(9_900L);
    assertThat(
            money(
                m,
                "open_receivables",
                MetricWindow.DAY,
                40,
                with(chronicallyLate, "aging_bucket", "1-15")))
        .isEqualTo(9_900L);
    assertThat(value(m, "delinquency_rate", MetricWindow.DAY, 40, chronicallyLate)).isEqualTo(1.0);
    assertThat(value(m, "payment_failures", MetricWindow.DAY, 32, punctual))
        .as("b-2: issued to a punctual payer")
        .isEqualTo(1.0);
    assertThat(
            value(
                m,
                "payment_failures",
                MetricWindow.DAY,
                32,
                with(punctual, "failure_code", "expired_card")))
        .isEqualTo(1.0);
    assertThat(money(m, "open_receivables", MetricWindow.DAY, 40, punctual)).isZero();
    assertThat(metric(m, "mrr", MetricWindow.DAY, 40, punctual))
        .as("MRR is not by payment behaviour")
        .isNull();
  }

  @Test
  void summingOnEachSubtaskFirstChangesNoFigure() throws Exception {
    List<PortfolioFact> facts =
        facts(
            c -> {
              c.send(started(at(0, 10), "essencial", 9_900));
              c.send(invoice(at(0, 11), "i-1", 9_900, day(5)));
              c.send(
                  payment(
                      at(6, 10),
                      PaymentEventType.PAYMENT_FAILED,
                      b -> b.setInvoiceId("i-1").setFailureCode("insufficient_funds")));
              c.send(paid(at(9, 10), "i-1", 4_000));
              c.send(
                  subscription(
                      at(9, 12),
                      SubscriptionEventType.PLAN_CHANGED,
                      b -> b.setPlanId("profissional").setMrrMinor(29_900L)));
              c.send(paid(at(12, 10), "i-1", 5_900));
              c.send(invoice(at(30, 11), "i-2", 29_900, day(35)));
            });
    List<PortfolioSlice> onePerFact = slices(facts, 0);
    List<PortfolioSlice> summed = slices(facts, Integer.MAX_VALUE);
    assertThat(summed).as("fewer, larger sums").hasSizeLessThan(onePerFact.size());
    assertThat(summed.stream().mapToLong(PortfolioSlice::getFacts).sum())
        .isEqualTo(onePerFact.stream().mapToLong(PortfolioSlice::getFacts).sum());
    List<PortfolioMetric> expected = metrics(70, onePerFact);
    assertThat(expected).hasSizeGreaterThan(1_000);
    assertThat(metrics(70, summed)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The event as the given customer's. */
  private static io.carteira.schemas.CustomerEvent as(
      String customer, io.carteira.schemas.CustomerEvent event) {
    event.setCustomerId(customer);
    if (event.getSubscription() != null) {
      event.getSubscription().setCustomerId(customer);
    }
    if (event.getPayment() != null) {
      event.getPayment().setCustomerId(customer);
    }
    return event;
  }

  /** A segment's dimensions broken down further by one more. */
  private static Map<String, String> with(
      Map<String, String> segment, String dimension, String value) {
    Map<String, String> dims = new HashMap<>(segment);
    dims.put(dimension, value);
    return dims;
  }

  @Test
  void revenueConcentrationIsTheShareOfTheTopFifthOfPayingCustomers() {
    Map<String, Long> byMrr = new HashMap<>();
    for (long mrr = 1_000; mrr <= 10_000; mrr += 1_000) {
      byMrr.put(String.valueOf(mrr), 1L);
    }
    byMrr.put("10000", 2L); // eleven customers: the top 20% is three of them (rounded up)
    List<PortfolioMetric> m =
        PortfolioMetrics.of(
            MetricWindow.DAY,
            Instant.EPOCH,
            Instant.EPOCH,
            new PortfolioSegments.Slice("BRL", null, null),
            0,
            0,
            MovementTotals.newBuilder().build(),
            new PortfolioMetrics.Balances(byMrr, Map.<String, OpenReceivable>of(), 0));
    assertThat(m)
        .filteredOn(r -> r.getMetric().equals("revenue_concentration_top_20"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getValue())
                    .isCloseTo(29_000 / 65_000.0, org.assertj.core.data.Offset.offset(1e-12)));
  }

  // ---------------------------------------------------------------------------------------------

  interface Timeline {
    void on(CustomerHarness c) throws Exception;
  }

  /**
   * The timeline's facts through the metrics operators, their watermark at the start of {@code
   * untilDay}.
   */
  private static List<PortfolioMetric> run(int untilDay, Timeline timeline) throws Exception {
    return metrics(untilDay, slices(facts(timeline), Integer.MAX_VALUE));
  }

  static List<PortfolioFact> facts(Timeline timeline) throws Exception {
    try (CustomerHarness c = CustomerHarness.open()) {
      timeline.on(c);
      return c.facts();
    }
  }

  /** The facts summed per slice and day on one subtask, which holds at most {@code held} sums. */
  static List<PortfolioSlice> slices(List<PortfolioFact> facts, int held) throws Exception {
    try (OneInputStreamOperatorTestHarness<PortfolioFact, PortfolioSlice> h =
        new OneInputStreamOperatorTestHarness<>(new PortfolioSliceTotals(ZONE, held))) {
      h.open();
      for (PortfolioFact fact : facts) {
        h.processElement(fact, fact.getEventTime().toEpochMilli());
      }
      h.endInput();
      return h.extractOutputValues();
    }
  }

  /**
   * The sums through the keyed metrics operator, its watermark at the start of {@code untilDay}.
   */
  static List<PortfolioMetric> metrics(int untilDay, List<PortfolioSlice> slices) throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, PortfolioSlice, PortfolioMetric> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new PortfolioMetricsFunction(ZONE)),
            PortfolioSegments::keyOf,
            Types.STRING)) {
      h.open();
      for (PortfolioSlice slice : slices) {
        h.processElement(new StreamRecord<>(slice));
      }
      h.processWatermark(midnight(untilDay).toEpochMilli());
      return h.extractOutputValues();
    }
  }

  private static PortfolioMetric metric(
      List<PortfolioMetric> all,
      String name,
      MetricWindow window,
      int lastDay,
      Map<String, String> dims) {
    Instant end = midnight(lastDay + 1);
    List<PortfolioMetric> found =
        all.stream()
            .filter(
                r ->
                    r.getMetric().equals(name)
                        && r.getWindowKind() == window
                        && r.getWindowEnd().equals(end)
                        && r.getDimensions().equals(dims))
            .toList();
    assertThat(found)
        .as(name + " " + dims + " " + window + " ending day " + lastDay)
        .hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? null : found.get(0);
  }

  private static Long money(
      List<PortfolioMetric> all, String name, MetricWindow window, int lastDay) {
    return money(all, name, window, lastDay, Map.of());
  }

  private static Long money(
      List<PortfolioMetric> all,
      String name,
      MetricWindow window,
      int lastDay,
      Map<String, String> dims) {
    PortfolioMetric m = metric(all, name, window, lastDay, dims);
    assertThat(m).as(name + " " + dims + " day " + lastDay).isNotNull();
    return m.getValueMinor();
  }

  private static Double value(
      List<PortfolioMetric> all, String name, MetricWindow window, int lastDay) {
    return value(all, name, window, lastDay, Map.of());
  }

  private static Double value(
      List<PortfolioMetric> all,
      String name,
      MetricWindow window,
      int lastDay,
      Map<String, String> dims) {
    PortfolioMetric m = metric(all, name, window, lastDay, dims);
    assertThat(m).as(name + " " + dims + " day " + lastDay).isNotNull();
    return m.getValue();
  }
}
