package io.carteira.operators.metrics;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provisional {@code DAY} metrics of a business day still open: the day as if it closed now,
 * with the facts read so far. Every flow (MRR movements, new and churned customers, acquisition
 * costs, recoveries, payment attempts and failures, refunds) is the day's running total, and every
 * balance ({@code mrr}, {@code customers}, open receivables and invoices, per aging bucket too) is
 * the balance now: the balances the day started with plus the day's changes so far, aged as of the
 * day. They go out with {@code provisional} set and the keys of the day's final records, which
 * supersede them when the day closes.
 *
 * <p>The ratios over a balance at the end of the day ({@code arpa}, {@code
 * revenue_concentration_top_20}, {@code delinquency_rate}, {@code recovery_rate}) wait for the
 * close: that balance can fall to zero within the day, and a rate then absent at the close (zero
 * denominator) would leave its provisional value standing under its key. Every other rate's
 * denominator is fixed at the start of the day (MRR and customers at start) or only grows with the
 * day's facts (churn and contraction, attempts, new customers with an acquisition cost,
 * recoveries), and a breakdown once seen (a method, a decline code) stays: so every provisional
 * record's key gets a final record when the day closes. If no fact arrives after the last
 * provisional figures, the final records carry the same values.
 */
public final class OpenDay {

  private OpenDay() {}

  /**
   * The provisional metrics of {@code day}, from the totals of its facts read so far ({@code
   * soFar}) and the balances it started with; none of them is changed.
   */
  public static List<PortfolioMetric> metrics(
      Instant start,
      Instant end,
      PortfolioSegments.Slice slice,
      long mrrStart,
      long customersStart,
      MovementTotals soFar,
      Map<String, Long> customersByMrrAtStart,
      Map<String, OpenReceivable> receivablesAtStart,
      int day) {
    MovementTotals t = MovementTotals.newBuilder(soFar).build();
    Map<String, Long> customersByMrr = new HashMap<>(customersByMrrAtStart);
    Map<String, OpenReceivable> receivables = new HashMap<>(receivablesAtStart);
    DayTotals.close(t, customersByMrr, receivables);
    return PortfolioMetrics.of(
        MetricWindow.DAY,
        start,
        end,
        slice,
        mrrStart,
        customersStart,
        t,
        new PortfolioMetrics.Balances(customersByMrr, receivables, day),
        true);
  }
}
