package io.carteira.operators.metrics;

import io.carteira.schemas.PortfolioMetric;

/**
 * The key a portfolio-metrics record is written with: metric, window kind and start, currency and
 * dimensions. No customer: the key names the metric's window, so a compacted topic keeps the latest
 * value of each, and a reader upserts a provisional figure with its settled one.
 */
public final class PortfolioMetricKey {

  private PortfolioMetricKey() {}

  public static String of(PortfolioMetric m) {
    return m.getMetric()
        + "|"
        + m.getWindowKind()
        + "|"
        + m.getWindowStart()
        + "|"
        + m.getCurrency()
        + "|"
        + m.getDimensions();
  }
}
