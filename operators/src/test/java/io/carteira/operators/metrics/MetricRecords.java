package io.carteira.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.PortfolioMetric;
import java.util.List;
import java.util.Map;

/** Looking up one figure among the metric records of a test. */
final class MetricRecords {

  private MetricRecords() {}

  /** The one record of a metric with these dimensions, or null; more than one fails the test. */
  static PortfolioMetric find(
      List<PortfolioMetric> all, String name, Map<String, String> dimensions) {
    List<PortfolioMetric> found =
        all.stream()
            .filter(r -> r.getMetric().equals(name) && r.getDimensions().equals(dimensions))
            .toList();
    assertThat(found).as(name + " " + dimensions).hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? null : found.get(0);
  }

  /** The money figure of a metric over the whole portfolio; a missing record fails the test. */
  static Long money(List<PortfolioMetric> all, String name) {
    PortfolioMetric m = find(all, name, Map.of());
    assertThat(m).as(name).isNotNull();
    return m.getValueMinor();
  }

  /** The plain figure of a metric over the whole portfolio; a missing record fails the test. */
  static Double value(List<PortfolioMetric> all, String name) {
    PortfolioMetric m = find(all, name, Map.of());
    assertThat(m).as(name).isNotNull();
    return m.getValue();
  }
}
