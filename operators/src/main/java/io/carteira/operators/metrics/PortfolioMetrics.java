package io.carteira.operators.metrics;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PortfolioMetric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portfolio metrics of one window (definition version {@value #DEFINITION_VERSION}), from what
 * the window started with, what happened within it and the balances at its end. Money is in minor
 * units; a rate whose denominator is zero is absent (not emitted), never zero or NaN; money divided
 * is rounded half up to the minor unit.
 *
 * <ul>
 *   <li>MRR: {@code mrr}, {@code mrr_start}, {@code new_mrr}, {@code expansion_mrr}, {@code
 *       contraction_mrr}, {@code churned_mrr} (split into {@code voluntary_churned_mrr} and {@code
 *       involuntary_churned_mrr} by the movements' churn type), {@code reactivation_mrr}; paying
 *       customers: {@code customers}, {@code customers_start}, {@code new_customers}, {@code
 *       churned_customers} (split likewise), {@code reactivated_customers}.
 *   <li>{@code logo_churn_rate} = churned customers ÷ customers at start; {@code
 *       gross_mrr_churn_rate} = (churn + contraction) ÷ MRR at start; {@code net_mrr_churn_rate} =
 *       (churn + contraction − expansion − reactivation) ÷ MRR at start; {@code grr} = 1 − gross;
 *       {@code nrr} = 1 − net; {@code quick_ratio} = (new + expansion + reactivation) ÷
 *       (contraction + churn); {@code arpa} = MRR ÷ customers at the end.
 *   <li>{@code ltv} = ARPA ÷ logo churn rate, for the month-long windows only (a monthly rate);
 *       {@code cac} = acquisition costs ÷ the new customers that state one; {@code payback_months}
 *       = CAC ÷ the new customers' ARPA (new MRR ÷ new customers).
 *   <li>{@code revenue_concentration_top_20}: the share of MRR held by the top 20% of paying
 *       customers by MRR (rounded up to whole customers), at the end.
 *   <li>Receivables at the end, overall and per {@code aging_bucket} (days past due 1–15, 16–30,
 *       31–60, 61–90, 90+; an invoice is past due from the day after its due date): {@code
 *       open_receivables}, {@code open_invoices}, {@code past_due_receivables} (overall) and {@code
 *       delinquency_rate} = past-due (or the bucket's) open amount ÷ all open amount.
 *   <li>Recoveries in the window, overall and per {@code aging_bucket} of the day of payment:
 *       {@code recovered_invoices}, {@code recovered_minor} (past-due invoices paid off), {@code
 *       median_days_to_recover} (days past due when paid off; the mean of the middle two for an
 *       even count), {@code recovery_rate} = recovered invoices ÷ (recovered + past-due invoices
 *       still open at the end): the share of the window's delinquent invoices that were recovered.
 *   <li>Payments in the window: {@code payment_attempts}, {@code payment_failures}, {@code
 *       payment_failure_rate} = failures ÷ attempts, overall and per {@code method}; per {@code
 *       failure_code}: {@code payment_failures} and {@code payment_failure_rate} = its failures ÷
 *       all attempts.
 *   <li>{@code refunds} and {@code refunded_minor}: refunds and chargebacks (cash; MRR does not
 *       move).
 * </ul>
 *
 * Each is reported for the whole portfolio of a currency, and per segment ({@link
 * PortfolioSegments}): the MRR family per {@code acquisition_channel}, the receivables and payments
 * families per {@code payment_behaviour} (with their aging-bucket, method and failure-code
 * breakdowns); a segment's records name it among their dimensions.
 *
 * <p>A business day still open has provisional {@code DAY} figures ({@link OpenDay}), without the
 * ratios over a balance at the end of the day ({@code arpa}, {@code revenue_concentration_top_20},
 * {@code delinquency_rate}, {@code recovery_rate}), which wait for its close.
 */
public final class PortfolioMetrics {

  public static final int DEFINITION_VERSION = 3;

  /** The share of customers whose MRR the concentration metric sums. */
  static final double TOP_SHARE = 0.2;

  private PortfolioMetrics() {}

  /**
   * What a window ends with: paying customers by MRR, open receivables by due date, and its last
   * day.
   */
  public record Balances(
      Map<String, Long> customersByMrr,
      Map<String, OpenReceivable> receivablesByDueDate,
      int lastDay) {}

  /**
   * Every metric of one window for one slice of the portfolio (the families its dimension carries,
   * {@link PortfolioSegments}), overall and per breakdown (aging bucket, method, failure code).
   */
  public static List<PortfolioMetric> of(
      MetricWindow window,
      Instant start,
      Instant end,
      PortfolioSegments.Slice slice,
      long mrrStart,
      long customersStart,
      MovementTotals t,
      Balances balances) {
    return of(window, start, end, slice, mrrStart, customersStart, t, balances, false);
  }

  /** As above; {@code provisional} for a day still open ({@link OpenDay}). */
  static List<PortfolioMetric> of(
      MetricWindow window,
      Instant start,
      Instant end,
      PortfolioSegments.Slice slice,
      long mrrStart,
      long customersStart,
      MovementTotals t,
      Balances balances,
      boolean provisional) {
    List<PortfolioMetric> out = new ArrayList<>();
    // dimensions sorted by name: records and their keys come out the same in every JVM (the
    // iteration order of Map.of and Map.copyOf is salted per JVM, so a restarted TaskManager would
    // differ)
    Metric m =
        new Metric(
            window,
            start,
            end,
            slice.currency(),
            new TreeMap<>(slice.dimensions()),
            provisional,
            out);
    PortfolioSegments.Families families = slice.families();
    if (families.mrr) {
      mrr(m, window, mrrStart, customersStart, t, balances);
    }
    if (families.receivablesAndPayments) {
      receivables(m, t, balances);
      payments(m, t);
      m.count("refunds", t.getRefunds());
      m.money("refunded_minor", t.getRefundedMinor());
    }
    return out;
  }

  private static void mrr(
      Metric m,
      MetricWindow window,
      long mrrStart,
      long customersStart,
      MovementTotals t,
      Balances balances) {
    long mrr = DayTotals.mrrAfter(mrrStart, t);
    long customers = DayTotals.customersAfter(customersStart, t);
    m.money("mrr", mrr);
    m.money("mrr_start", mrrStart);
    m.money("new_mrr", t.getNewMrr());
    m.money("expansion_mrr", t.getExpansionMrr());
    m.money("contraction_mrr", t.getContractionMrr());
    m.money("churned_mrr", t.getChurnedMrr());
    m.money("voluntary_churned_mrr", t.getVoluntaryChurnedMrr());
    m.money("involuntary_churned_mrr", t.getInvoluntaryChurnedMrr());
    m.money("reactivation_mrr", t.getReactivationMrr());
    m.count("customers", customers);
    m.count("customers_start", customersStart);
    m.count("new_customers", t.getNewCustomers());
    m.count("churned_customers", t.getChurnedCustomers());
    m.count("voluntary_churned_customers", t.getVoluntaryChurnedCustomers());
    m.count("involuntary_churned_customers", t.getInvoluntaryChurnedCustomers());
    m.count("reactivated_customers", t.getReactivatedCustomers());
    m.rate("logo_churn_rate", t.getChurnedCustomers(), customersStart);
    long gross = t.getChurnedMrr() + t.getContractionMrr();
    long net = gross - t.getExpansionMrr() - t.getReactivationMrr();
    m.rate("gross_mrr_churn_rate", gross, mrrStart);
    m.rate("net_mrr_churn_rate", net, mrrStart);
    m.rate("grr", mrrStart - gross, mrrStart);
    m.rate("nrr", mrrStart - net, mrrStart);
    m.rate("quick_ratio", t.getNewMrr() + t.getExpansionMrr() + t.getReactivationMrr(), gross);
    if (!m.provisional()) {
      m.moneyRatio("arpa", BigDecimal.valueOf(mrr), BigDecimal.valueOf(customers));
    }
    if (window != MetricWindow.DAY && customersStart > 0) {
      // ARPA ÷ logo churn rate = (MRR ÷ customers) ÷ (churned ÷ customers at start)
      m.moneyRatio(
          "ltv",
          BigDecimal.valueOf(mrr).multiply(BigDecimal.valueOf(customersStart)),
          BigDecimal.valueOf(customers).multiply(BigDecimal.valueOf(t.getChurnedCustomers())));
    }
    m.moneyRatio(
        "cac",
        BigDecimal.valueOf(t.getAcquisitionCostMinor()),
        BigDecimal.valueOf(t.getCustomersWithAcquisitionCost()));
    // CAC ÷ (new MRR ÷ new customers)
    m.rate(
        "payback_months",
        BigDecimal.valueOf(t.getAcquisitionCostMinor())
            .multiply(BigDecimal.valueOf(t.getNewCustomers())),
        BigDecimal.valueOf(t.getCustomersWithAcquisitionCost())
            .multiply(BigDecimal.valueOf(t.getNewMrr())));
    if (!m.provisional()) {
      concentration(m, balances.customersByMrr());
    }
  }

  private static void concentration(Metric m, Map<String, Long> customersByMrr) {
    TreeMap<Long, Long> byMrr = new TreeMap<>();
    long customers = 0;
    long total = 0;
    for (Map.Entry<String, Long> e : customersByMrr.entrySet()) {
      long mrr = Long.parseLong(e.getKey());
      byMrr.merge(mrr, e.getValue(), Long::sum);
      customers += e.getValue();
      total += mrr * e.getValue();
    }
    long top = (long) Math.ceil(customers * TOP_SHARE);
    long held = 0;
    for (Map.Entry<Long, Long> e : byMrr.descendingMap().entrySet()) {
      if (top == 0) {
        break;
      }
      long n = Math.min(top, e.getValue());
      held += n * e.getKey();
      top -= n;
    }
    m.rate("revenue_concentration_top_20", held, total);
  }

  private static void receivables(Metric overall, MovementTotals t, Balances balances) {
    long open = 0;
    long openInvoices = 0;
    Map<String, long[]> byBucket = new HashMap<>(); // amount, invoices
    for (Map.Entry<String, OpenReceivable> e : balances.receivablesByDueDate().entrySet()) {
      OpenReceivable r = e.getValue();
      open += r.getAmountMinor();
      openInvoices += r.getInvoices();
      String bucket = AgingBuckets.of(balances.lastDay() - Long.parseLong(e.getKey()));
      if (bucket != null) {
        long[] b = byBucket.computeIfAbsent(bucket, k -> new long[2]);
        b[0] += r.getAmountMinor();
        b[1] += r.getInvoices();
      }
    }
    long pastDue = byBucket.values().stream().mapToLong(b -> b[0]).sum();
    long pastDueInvoices = byBucket.values().stream().mapToLong(b -> b[1]).sum();
    overall.money("open_receivables", open);
    overall.count("open_invoices", openInvoices);
    overall.money("past_due_receivables", pastDue);
    overall.balanceRate("delinquency_rate", pastDue, open);
    long recovered = DayTotals.sum(t.getRecoveredInvoicesByBucket());
    overall.count("recovered_invoices", recovered);
    overall.money("recovered_minor", DayTotals.sum(t.getRecoveredMinorByBucket()));
    median(overall, t.getDaysToRecover(), null);
    overall.balanceRate("recovery_rate", recovered, recovered + pastDueInvoices);
    for (String bucket : AgingBuckets.ALL) {
      Metric m = overall.by("aging_bucket", bucket);
      long[] b = byBucket.getOrDefault(bucket, new long[2]);
      m.money("open_receivables", b[0]);
      m.count("open_invoices", b[1]);
      m.balanceRate("delinquency_rate", b[0], open);
      long bucketRecovered = t.getRecoveredInvoicesByBucket().getOrDefault(bucket, 0L);
      m.count("recovered_invoices", bucketRecovered);
      m.money("recovered_minor", t.getRecoveredMinorByBucket().getOrDefault(bucket, 0L));
      median(m, t.getDaysToRecover(), bucket);
      m.balanceRate("recovery_rate", bucketRecovered, bucketRecovered + b[1]);
    }
  }

  /** The median days past due at recovery, of the recoveries in {@code bucket} (all when null). */
  private static void median(Metric m, Map<String, Long> daysToRecover, String bucket) {
    TreeMap<Integer, Long> days = new TreeMap<>();
    daysToRecover.forEach(
        (d, n) -> {
          int late = Integer.parseInt(d);
          if (bucket == null || bucket.equals(AgingBuckets.of(late))) {
            days.put(late, n);
          }
        });
    long count = days.values().stream().mapToLong(Long::longValue).sum();
    if (count == 0) {
      return;
    }
    m.value("median_days_to_recover", (nth(days, (count - 1) / 2) + nth(days, count / 2)) / 2.0);
  }

  /** The {@code k}-th smallest value (from 0) of a histogram. */
  private static int nth(TreeMap<Integer, Long> histogram, long k) {
    long seen = 0;
    for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
      seen += e.getValue();
      if (seen > k) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("no " + k + "-th value in " + histogram);
  }

  private static void payments(Metric overall, MovementTotals t) {
    long attempts = DayTotals.sum(t.getAttemptsByMethod());
    long failures = DayTotals.sum(t.getFailuresByMethod());
    overall.count("payment_attempts", attempts);
    overall.count("payment_failures", failures);
    overall.rate("payment_failure_rate", failures, attempts);
    new TreeMap<>(t.getAttemptsByMethod())
        .forEach(
            (method, n) -> {
              Metric m = overall.by("method", method);
              long failed = t.getFailuresByMethod().getOrDefault(method, 0L);
              m.count("payment_attempts", n);
              m.count("payment_failures", failed);
              m.rate("payment_failure_rate", failed, n);
            });
    new TreeMap<>(t.getFailuresByCode())
        .forEach(
            (code, n) -> {
              Metric m = overall.by("failure_code", code);
              m.count("payment_failures", n);
              m.rate("payment_failure_rate", n, attempts);
            });
  }

  private record Metric(
      MetricWindow window,
      Instant start,
      Instant end,
      String currency,
      Map<String, String> dimensions,
      boolean provisional,
      List<PortfolioMetric> out) {

    /** The same window and slice, broken down further by one more dimension. */
    Metric by(String dimension, String value) {
      Map<String, String> more = new TreeMap<>(dimensions);
      more.put(dimension, value);
      return new Metric(window, start, end, currency, more, provisional, out);
    }

    void money(String name, long minor) {
      out.add(base(name).setValueMinor(minor).build());
    }

    void count(String name, long n) {
      out.add(base(name).setValue((double) n).build());
    }

    void value(String name, double value) {
      out.add(base(name).setValue(value).build());
    }

    void rate(String name, long numerator, long denominator) {
      if (denominator != 0) {
        out.add(base(name).setValue((double) numerator / denominator).build());
      }
    }

    /** A rate over a balance at the end of the window: at the close only. */
    void balanceRate(String name, long numerator, long denominator) {
      if (!provisional) {
        rate(name, numerator, denominator);
      }
    }

    void rate(String name, BigDecimal numerator, BigDecimal denominator) {
      if (denominator.signum() != 0) {
        out.add(
            base(name)
                .setValue(numerator.divide(denominator, MathContext.DECIMAL64).doubleValue())
                .build());
      }
    }

    /** Money divided, rounded half up to the minor unit; absent when the divisor is zero. */
    void moneyRatio(String name, BigDecimal numerator, BigDecimal denominator) {
      if (denominator.signum() != 0) {
        money(name, numerator.divide(denominator, 0, RoundingMode.HALF_UP).longValueExact());
      }
    }

    private PortfolioMetric.Builder base(String name) {
      return PortfolioMetric.newBuilder()
          .setMetric(name)
          .setWindowKind(window)
          .setWindowStart(start)
          .setWindowEnd(end)
          .setDimensions(dimensions)
          .setValue(null)
          .setValueMinor(null)
          .setCurrency(currency)
          .setDefinitionVersion(DEFINITION_VERSION)
          .setProvisional(provisional);
    }
  }
}
