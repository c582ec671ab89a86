package io.carteira.jobs.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.PortfolioMetric;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.data.Offset;

/**
 * Streamed portfolio metrics against the batch oracle: money to the minor unit, rates and counts
 * within 1e-12.
 */
public final class OracleComparison {

  private OracleComparison() {}

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
