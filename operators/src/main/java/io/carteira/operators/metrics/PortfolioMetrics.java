package io.carteira.operators.metrics;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.PortfolioMetric;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MRR metrics of one window, from the MRR and paying customers at its start and the movements
 * within it (DESIGN.md section 5, definition version {@value #DEFINITION_VERSION}):
 * <ul>
 *   <li>{@code mrr}, {@code mrr_start}, and each movement: {@code new_mrr}, {@code expansion_mrr},
 *       {@code contraction_mrr}, {@code churned_mrr}, {@code reactivation_mrr} (minor units);
 *   <li>{@code customers}, {@code customers_start}, {@code new_customers}, {@code churned_customers},
 *       {@code reactivated_customers} (paying customers);
 *   <li>{@code logo_churn_rate} = churned customers ÷ customers at start;
 *       {@code gross_mrr_churn_rate} = (churn + contraction) ÷ MRR at start;
 *       {@code net_mrr_churn_rate} = (churn + contraction − expansion − reactivation) ÷ MRR at start;
 *       {@code grr} = 1 − gross MRR churn rate; {@code nrr} = 1 − net MRR churn rate;
 *       {@code quick_ratio} = (new + expansion + reactivation) ÷ (contraction + churn);
 *       {@code arpa} = MRR ÷ customers at the end, in minor units rounded half up.
 * </ul>
 * A rate whose denominator is zero is absent (the record is not emitted), never zero or NaN.
 */
public final class PortfolioMetrics {

  public static final int DEFINITION_VERSION = 1;

  private PortfolioMetrics() {}

  /** Adds one movement to a day's (or month's) totals. */
  public static void add(MovementTotals totals, MrrMovement movement) {
    long amount = movement.getAmountMinor();
    switch (movement.getMovement()) {
      case NEW -> {
        totals.setNewMrr(totals.getNewMrr() + amount);
        totals.setNewCustomers(totals.getNewCustomers() + 1);
      }
      case EXPANSION -> totals.setExpansionMrr(totals.getExpansionMrr() + amount);
      case CONTRACTION -> totals.setContractionMrr(totals.getContractionMrr() + amount);
      case CHURN -> {
        totals.setChurnedMrr(totals.getChurnedMrr() + amount);
        totals.setChurnedCustomers(totals.getChurnedCustomers() + 1);
      }
      case REACTIVATION -> {
        totals.setReactivationMrr(totals.getReactivationMrr() + amount);
        totals.setReactivatedCustomers(totals.getReactivatedCustomers() + 1);
      }
    }
  }

  /** Adds {@code more} into {@code totals}. */
  public static void add(MovementTotals totals, MovementTotals more) {
    totals.setNewMrr(totals.getNewMrr() + more.getNewMrr());
    totals.setExpansionMrr(totals.getExpansionMrr() + more.getExpansionMrr());
    totals.setContractionMrr(totals.getContractionMrr() + more.getContractionMrr());
    totals.setChurnedMrr(totals.getChurnedMrr() + more.getChurnedMrr());
    totals.setReactivationMrr(totals.getReactivationMrr() + more.getReactivationMrr());
    totals.setNewCustomers(totals.getNewCustomers() + more.getNewCustomers());
    totals.setChurnedCustomers(totals.getChurnedCustomers() + more.getChurnedCustomers());
    totals.setReactivatedCustomers(totals.getReactivatedCustomers() + more.getReactivatedCustomers());
  }

  public static long mrrAfter(long mrrStart, MovementTotals t) {
    return mrrStart + t.getNewMrr() + t.getExpansionMrr() + t.getReactivationMrr() - t.getContractionMrr() - t.getChurnedMrr();
  }

  public static long customersAfter(long customersStart, MovementTotals t) {
    return customersStart + t.getNewCustomers() + t.getReactivatedCustomers() - t.getChurnedCustomers();
  }

  /** Every metric of one window, overall (no dimensions). */
  public static List<PortfolioMetric> of(MetricWindow window, Instant start, Instant end, String currency, long mrrStart,
      long customersStart, MovementTotals t) {
    List<PortfolioMetric> out = new ArrayList<>();
    long mrr = mrrAfter(mrrStart, t);
    long customers = customersAfter(customersStart, t);
    Metric m = new Metric(window, start, end, currency, out);
    m.money("mrr", mrr);
    m.money("mrr_start", mrrStart);
    m.money("new_mrr", t.getNewMrr());
    m.money("expansion_mrr", t.getExpansionMrr());
    m.money("contraction_mrr", t.getContractionMrr());
    m.money("churned_mrr", t.getChurnedMrr());
    m.money("reactivation_mrr", t.getReactivationMrr());
    m.count("customers", customers);
    m.count("customers_start", customersStart);
    m.count("new_customers", t.getNewCustomers());
    m.count("churned_customers", t.getChurnedCustomers());
    m.count("reactivated_customers", t.getReactivatedCustomers());
    m.rate("logo_churn_rate", t.getChurnedCustomers(), customersStart);
    long gross = t.getChurnedMrr() + t.getContractionMrr();
    long net = gross - t.getExpansionMrr() - t.getReactivationMrr();
    m.rate("gross_mrr_churn_rate", gross, mrrStart);
    m.rate("net_mrr_churn_rate", net, mrrStart);
    m.rate("grr", mrrStart - gross, mrrStart);
    m.rate("nrr", mrrStart - net, mrrStart);
    m.rate("quick_ratio", t.getNewMrr() + t.getExpansionMrr() + t.getReactivationMrr(), gross);
    if (customers > 0) {
      m.money("arpa", BigDecimal.valueOf(mrr).divide(BigDecimal.valueOf(customers), 0, RoundingMode.HALF_UP).longValueExact());
    }
    return out;
  }

  private record Metric(MetricWindow window, Instant start, Instant end, String currency, List<PortfolioMetric> out) {

    void money(String name, long minor) {
      out.add(base(name).setValueMinor(minor).setCurrency(currency).build());
    }

    void count(String name, long n) {
      out.add(base(name).setValue((double) n).setCurrency(currency).build());
    }

    void rate(String name, long numerator, long denominator) {
      if (denominator != 0) {
        out.add(base(name).setValue((double) numerator / denominator).setCurrency(currency).build());
      }
    }

    private PortfolioMetric.Builder base(String name) {
      return PortfolioMetric.newBuilder()
          .setMetric(name)
          .setWindowKind(window)
          .setWindowStart(start)
          .setWindowEnd(end)
          .setDimensions(Map.of())
          .setValue(null)
          .setValueMinor(null)
          .setDefinitionVersion(DEFINITION_VERSION);
    }
  }
}
