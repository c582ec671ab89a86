package io.carteira.jobs.cli;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The latest portfolio metrics of one currency as the live view shows them: the last closed day and
 * the rolling 30 days ending with it. Only complete windows are kept: a record of a later window
 * starts a new one.
 */
final class LiveMetrics {

  private final String currency;
  private final Map<MetricWindow, Instant> windowEnd = new EnumMap<>(MetricWindow.class);
  private final Map<MetricWindow, Map<String, PortfolioMetric>> latest = new EnumMap<>(MetricWindow.class);

  LiveMetrics(String currency) {
    this.currency = currency;
  }

  synchronized void apply(PortfolioMetric metric) {
    if (!currency.equals(metric.getCurrency())) {
      return;
    }
    Instant end = windowEnd.get(metric.getWindowKind());
    if (end != null && metric.getWindowEnd().isBefore(end)) {
      return;
    }
    if (end == null || metric.getWindowEnd().isAfter(end)) {
      windowEnd.put(metric.getWindowKind(), metric.getWindowEnd());
      latest.put(metric.getWindowKind(), new HashMap<>());
    }
    latest.get(metric.getWindowKind()).put(key(metric.getMetric(), metric.getDimensions()), metric);
  }

  /** The end of the last closed day; null before the first. */
  synchronized Instant lastDayEnd() {
    return windowEnd.get(MetricWindow.DAY);
  }

  /** A money metric of the window, minor units; null when absent. */
  synchronized Long money(MetricWindow window, String metric, String dimension, String value) {
    PortfolioMetric m = find(window, metric, dimension, value);
    return m == null ? null : m.getValueMinor();
  }

  /** A rate or count of the window; null when absent (for a rate: its denominator was zero). */
  synchronized Double value(MetricWindow window, String metric, String dimension, String value) {
    PortfolioMetric m = find(window, metric, dimension, value);
    return m == null ? null : m.getValue();
  }

  private PortfolioMetric find(MetricWindow window, String metric, String dimension, String value) {
    Map<String, PortfolioMetric> metrics = latest.get(window);
    return metrics == null ? null : metrics.get(key(metric, dimension == null ? Map.of() : Map.of(dimension, value)));
  }

  private static String key(String metric, Map<String, String> dimensions) {
    return metric + dimensions;
  }
}
