package io.carteira.jobs.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.metrics.PortfolioMetricKey;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;

/**
 * Streamed portfolio metrics against the batch oracle: money to the minor unit, rates and counts
 * within 1e-12.
 */
public final class OracleComparison {

  private OracleComparison() {}

  /**
   * The final records of portfolio-metrics as read (those of closed windows), in order; asserts
   * what holds of the provisional ones around them: each is a {@code DAY} record, and none comes
   * after a final record of its key.
   */
  public static List<PortfolioMetric> finals(List<PortfolioMetric> read) {
    List<PortfolioMetric> finals = new ArrayList<>();
    Map<String, PortfolioMetric> finalByKey = new LinkedHashMap<>();
    for (PortfolioMetric m : read) {
      if (!m.getProvisional()) {
        finals.add(m);
        finalByKey.put(key(m), m);
      } else {
        assertThat(m.getWindowKind()).as("provisional " + m).isEqualTo(MetricWindow.DAY);
        assertThat(finalByKey.get(key(m)))
            .as("a provisional record after the final one of its key: " + m)
            .isNull();
      }
    }
    return finals;
  }

  /**
   * The provisional records that are the latest of their key: the figures a reader is left with for
   * a day still open at the end, in order.
   */
  public static List<PortfolioMetric> latestProvisional(List<PortfolioMetric> read) {
    Map<String, PortfolioMetric> latest = new LinkedHashMap<>();
    read.forEach(m -> latest.put(key(m), m));
    return latest.values().stream().filter(PortfolioMetric::getProvisional).toList();
  }

  /** The key portfolio-metrics is written with: metric, window, currency and dimensions. */
  public static String key(PortfolioMetric m) {
    return PortfolioMetricKey.of(m);
  }

  /**
   * Asserts every record equals the oracle's value for its metric, dimensions and window; returns
   * how many were compared.
   */
  public static int assertEqual(
      List<PortfolioMetric> streamed, PortfolioOracle oracle, String currency) {
    int compared = 0;
    for (PortfolioMetric m : streamed) {
      LocalDate from = oracle.date(m.getWindowStart());
      LocalDate to = oracle.date(m.getWindowEnd());
      Number expected = oracle.value(m.getMetric(), m.getDimensions(), from, to);
      String what = m.getMetric() + " " + m.getDimensions() + " " + m.getWindowKind() + " " + from;
      assertThat(expected).as(what + " is defined in the oracle").isNotNull();
      assertThat(m.getCurrency()).as(what).isEqualTo(currency);
      if (m.getValueMinor() != null) {
        assertThat(m.getValueMinor()).as(what).isEqualTo(expected.longValue());
      } else {
        assertThat(m.getValue()).as(what).isCloseTo(expected.doubleValue(), Offset.offset(1e-12));
      }
      compared++;
    }
    return compared;
  }
}
