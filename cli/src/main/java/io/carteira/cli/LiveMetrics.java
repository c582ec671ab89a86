package io.carteira.cli;

import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest portfolio metrics of one currency as the live view shows them: the last closed day and
 * the rolling 30 days ending with it, for the whole portfolio and each segment. Each slice of the
 * portfolio (the whole, or one segment) closes its days on its own, so each keeps its own latest
 * complete window: a record of a later window starts a new one. The provisional figures of a day
 * still open are not shown: the panel is of closed days.
 */
final class LiveMetrics {

  private final String currency;

  /** The latest window of each window kind and slice, by "kind slice". */
  private final Map<String, Instant> windowEnd = new HashMap<>();

  private final Map<String, Map<String, PortfolioMetric>> latest = new HashMap<>();

  LiveMetrics(String currency) {
    this.currency = currency;
  }

  synchronized void apply(PortfolioMetric metric) {
    if (!currency.equals(metric.getCurrency()) || metric.getProvisional()) {
      return;
    }
    String slice = metric.getWindowKind() + " " + sliceOf(metric.getDimensions());
    Instant end = windowEnd.get(slice);
    if (end != null && metric.getWindowEnd().isBefore(end)) {
      return;
    }
    if (end == null || metric.getWindowEnd().isAfter(end)) {
      windowEnd.put(slice, metric.getWindowEnd());
      latest.put(slice, new HashMap<>());
    }
    latest.get(slice).put(key(metric.getMetric(), metric.getDimensions()), metric);
  }

  /** The end of the last closed day of the whole portfolio; null before the first. */
  synchronized Instant lastDayEnd() {
    return windowEnd.get(MetricWindow.DAY + " " + Map.of());
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

  /** A metric of the window for each segment of a dimension that reports it, by segment. */
  synchronized Map<String, PortfolioMetric> bySegment(
      MetricWindow window, String metric, String dimension) {
    Map<String, PortfolioMetric> found = new TreeMap<>();
    latest.forEach(
        (slice, metrics) ->
            metrics
                .values()
                .forEach(
                    m -> {
                      if (m.getWindowKind() == window
                          && m.getMetric().equals(metric)
                          && m.getDimensions().size() == 1
                          && m.getDimensions().containsKey(dimension)) {
                        found.put(m.getDimensions().get(dimension), m);
                      }
                    }));
    return found;
  }

  private PortfolioMetric find(MetricWindow window, String metric, String dimension, String value) {
    Map<String, PortfolioMetric> metrics = latest.get(window + " " + Map.of());
    return metrics == null
        ? null
        : metrics.get(key(metric, dimension == null ? Map.of() : Map.of(dimension, value)));
  }

  /** The segment dimensions of a record: empty for the whole portfolio. */
  private static Map<String, String> sliceOf(Map<String, String> dimensions) {
    Map<String, String> slice = new TreeMap<>();
    for (String dimension :
        new String[] {PortfolioSegments.ACQUISITION_CHANNEL, PortfolioSegments.PAYMENT_BEHAVIOUR}) {
      if (dimensions.containsKey(dimension)) {
        slice.put(dimension, dimensions.get(dimension));
      }
    }
    return slice.isEmpty() ? Map.of() : slice;
  }

  private static String key(String metric, Map<String, String> dimensions) {
    return metric + new TreeMap<>(dimensions);
  }
}
