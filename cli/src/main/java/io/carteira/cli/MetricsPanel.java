package io.carteira.cli;

import static io.carteira.cli.ConsoleText.BOLD;
import static io.carteira.cli.ConsoleText.DIM;
import static io.carteira.cli.ConsoleText.GREEN;
import static io.carteira.cli.ConsoleText.RED;
import static io.carteira.cli.ConsoleText.RESET;
import static io.carteira.cli.ConsoleText.brl;
import static io.carteira.cli.ConsoleText.count;
import static io.carteira.cli.ConsoleText.percent;
import static io.carteira.cli.ConsoleText.ratio;

import io.carteira.operators.metrics.AgingBuckets;
import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;

/**
 * The live view's portfolio metrics, as read from portfolio-metrics: a panel, or one plain line.
 */
final class MetricsPanel {

  private final LiveMetrics metrics;
  private final ZoneId zone;

  MetricsPanel(LiveMetrics metrics, ZoneId zone) {
    this.metrics = metrics;
    this.zone = zone;
  }

  /** One line of the portfolio metrics, for the plain (non-ANSI) view. */
  String line() {
    if (metrics.lastDayEnd() == null) {
      return "portfolio metrics: no day closed yet";
    }
    MetricWindow r = MetricWindow.ROLLING_30_DAYS;
    return String.format(
        "metrics of %s: MRR %s · 30-day NRR %s · delinquency %s · recovery %s",
        metrics.lastDayEnd().atZone(zone).toLocalDate().minusDays(1),
        brl(metrics.money(MetricWindow.DAY, "mrr", null, null)),
        percent(metrics.value(r, "nrr", null, null)),
        percent(metrics.value(MetricWindow.DAY, "delinquency_rate", null, null)),
        percent(metrics.value(r, "recovery_rate", null, null)));
  }

  /**
   * MRR, its movements, NRR and the aging buckets, from portfolio-metrics: the last closed day and
   * the 30 days ending with it.
   */
  void render(StringBuilder b) {
    b.append(BOLD)
        .append("PORTFOLIO METRICS")
        .append(RESET)
        .append(DIM)
        .append(" (portfolio-metrics");
    if (metrics.lastDayEnd() == null) {
      b.append(")")
          .append(RESET)
          .append('\n')
          .append(DIM)
          .append("  no day closed yet: a day closes when the watermark passes its end")
          .append(RESET)
          .append("\n\n");
      return;
    }
    MetricWindow d = MetricWindow.DAY;
    MetricWindow r = MetricWindow.ROLLING_30_DAYS;
    b.append(", day closed ")
        .append(metrics.lastDayEnd().atZone(zone).toLocalDate().minusDays(1))
        .append(")")
        .append(RESET)
        .append('\n');
    b.append(
        String.format(
            "  MRR %s · paying customers %s · ARPA %s · top 20%% hold %s of MRR%n",
            brl(metrics.money(d, "mrr", null, null)),
            count(metrics.value(d, "customers", null, null)),
            brl(metrics.money(d, "arpa", null, null)),
            percent(metrics.value(d, "revenue_concentration_top_20", null, null))));
    if (metrics.value(r, "customers", null, null) == null) {
      b.append(DIM)
          .append("  30 days: after the first 30 days have closed")
          .append(RESET)
          .append('\n');
    } else {
      b.append(
          String.format(
              "  30 days: new %s%s · expansion %s%s · reactivation %s%s · contraction %s%s · churn"
                  + " %s%s%n",
              GREEN,
              brl(metrics.money(r, "new_mrr", null, null)),
              RESET + GREEN,
              brl(metrics.money(r, "expansion_mrr", null, null)),
              RESET + GREEN,
              brl(metrics.money(r, "reactivation_mrr", null, null)),
              RESET + RED,
              brl(metrics.money(r, "contraction_mrr", null, null)),
              RESET + RED,
              brl(metrics.money(r, "churned_mrr", null, null)),
              RESET));
      b.append(
          String.format(
              "           NRR %s · GRR %s · logo churn %s · quick ratio %s · LTV %s · CAC %s%n",
              percent(metrics.value(r, "nrr", null, null)),
              percent(metrics.value(r, "grr", null, null)),
              percent(metrics.value(r, "logo_churn_rate", null, null)),
              ratio(metrics.value(r, "quick_ratio", null, null)),
              brl(metrics.money(r, "ltv", null, null)),
              brl(metrics.money(r, "cac", null, null))));
    }
    b.append(
        String.format(
            "  AGING   open %s · past due %s (%s)%n           ",
            brl(metrics.money(d, "open_receivables", null, null)),
            brl(metrics.money(d, "past_due_receivables", null, null)),
            percent(metrics.value(d, "delinquency_rate", null, null))));
    for (String bucket : AgingBuckets.ALL) {
      b.append(bucket)
          .append(" dpd ")
          .append(brl(metrics.money(d, "open_receivables", "aging_bucket", bucket)))
          .append(bucket.equals("90+") ? "\n" : " · ");
    }
    b.append(
        String.format(
            "  30 days: recovered %s of delinquent invoices, median %s days past due · payment"
                + " failures %s%n",
            percent(metrics.value(r, "recovery_rate", null, null)),
            ratio(metrics.value(r, "median_days_to_recover", null, null)),
            percent(metrics.value(r, "payment_failure_rate", null, null))));
    b.append("  MRR by acquisition channel: ");
    segments(
        b,
        metrics.bySegment(d, "mrr", PortfolioSegments.ACQUISITION_CHANNEL),
        m -> brl(m.getValueMinor()));
    b.append("  delinquency by payment behaviour: ");
    segments(
        b,
        metrics.bySegment(d, "delinquency_rate", PortfolioSegments.PAYMENT_BEHAVIOUR),
        m -> percent(m.getValue()));
    b.append('\n');
  }

  /** One line of a metric per segment: "segment value · segment value", or a dash before any. */
  private static void segments(
      StringBuilder b,
      Map<String, PortfolioMetric> bySegment,
      Function<PortfolioMetric, String> show) {
    b.append(
        bySegment.isEmpty()
            ? "–"
            : String.join(
                " · ",
                bySegment.entrySet().stream()
                    .map(e -> e.getKey() + " " + show.apply(e.getValue()))
                    .toList()));
    b.append('\n');
  }
}
