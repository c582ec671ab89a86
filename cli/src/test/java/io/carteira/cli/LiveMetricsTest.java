package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the live view's metrics panel reads: the latest closed day of the whole portfolio and of
 * each segment.
 */
class LiveMetricsTest {

  private static final Instant DAY_1 = Instant.parse("2026-03-03T03:00:00Z");
  private static final Instant DAY_2 = DAY_1.plusSeconds(86_400);

  @Test
  void aSegmentThatClosedALaterDayHidesNothingOfTheWholePortfolio() {
    LiveMetrics metrics = new LiveMetrics("BRL");
    metrics.apply(mrr(DAY_1, Map.of(), 100_000));
    metrics.apply(mrr(DAY_2, Map.of("acquisition_channel", "google_ads"), 40_000));
    metrics.apply(mrr(DAY_1, Map.of("acquisition_channel", "parceiro"), 60_000));

    assertThat(metrics.money(MetricWindow.DAY, "mrr", null, null)).isEqualTo(100_000L);
    assertThat(metrics.lastDayEnd()).isEqualTo(DAY_1);
    assertThat(metrics.bySegment(MetricWindow.DAY, "mrr", "acquisition_channel"))
        .hasSize(2)
        .hasEntrySatisfying("google_ads", m -> assertThat(m.getValueMinor()).isEqualTo(40_000L));
  }

  @Test
  void aLaterDayReplacesTheSlicesFigures_andAnEarlierOneIsIgnored() {
    LiveMetrics metrics = new LiveMetrics("BRL");
    metrics.apply(mrr(DAY_2, Map.of(), 120_000));
    metrics.apply(mrr(DAY_1, Map.of(), 100_000));
    metrics.apply(
        mrr(
            DAY_2,
            Map.of("other", "x"),
            1)); // another currency's or breakdown's record does not mix in
    metrics.apply(PortfolioMetric.newBuilder(mrr(DAY_2, Map.of(), 5)).setCurrency("USD").build());

    assertThat(metrics.money(MetricWindow.DAY, "mrr", null, null)).isEqualTo(120_000L);
    assertThat(metrics.bySegment(MetricWindow.DAY, "mrr", "acquisition_channel")).isEmpty();
  }

  @Test
  void theProvisionalFiguresOfADayStillOpenAreNotShown() {
    LiveMetrics metrics = new LiveMetrics("BRL");
    metrics.apply(mrr(DAY_1, Map.of(), 100_000));
    metrics.apply(
        PortfolioMetric.newBuilder(mrr(DAY_2, Map.of(), 120_000)).setProvisional(true).build());

    assertThat(metrics.money(MetricWindow.DAY, "mrr", null, null)).isEqualTo(100_000L);
    assertThat(metrics.lastDayEnd()).isEqualTo(DAY_1);
  }

  private static PortfolioMetric mrr(Instant end, Map<String, String> dimensions, long minor) {
    return PortfolioMetric.newBuilder()
        .setMetric("mrr")
        .setWindowKind(MetricWindow.DAY)
        .setWindowStart(end.minusSeconds(86_400))
        .setWindowEnd(end)
        .setDimensions(dimensions)
        .setValueMinor(minor)
        .setCurrency("BRL")
        .setDefinitionVersion(3)
        .build();
  }
}
