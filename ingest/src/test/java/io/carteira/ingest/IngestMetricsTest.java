package io.carteira.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

  @Test
  void theExpositionIsPrometheusText() {
    IngestMetrics metrics = new IngestMetrics();
    metrics.received("stripe");
    metrics.received("stripe");
    metrics.refused("stripe", "stale");
    metrics.mapped("asaas", "INVOICE_ISSUED");
    metrics.ignored("stripe", "weird\"type");
    metrics.produceLatency(Duration.ofMillis(30));
    metrics.produceLatency(Duration.ofSeconds(3));

    String text = metrics.exposition();

    assertThat(text)
        .contains("# TYPE carteira_ingest_deliveries_received_total counter\n")
        .contains("carteira_ingest_deliveries_received_total{provider=\"stripe\"} 2\n")
        .contains(
            "carteira_ingest_deliveries_refused_total{provider=\"stripe\",reason=\"stale\"} 1\n")
        .contains(
            "carteira_ingest_events_mapped_total{provider=\"asaas\",type=\"INVOICE_ISSUED\"} 1\n")
        .contains("event_type=\"weird\\\"type\"")
        .contains("# TYPE carteira_ingest_produce_latency_seconds histogram\n")
        .contains("carteira_ingest_produce_latency_seconds_bucket{le=\"0.025\"} 0\n")
        .contains("carteira_ingest_produce_latency_seconds_bucket{le=\"0.05\"} 1\n")
        .contains("carteira_ingest_produce_latency_seconds_bucket{le=\"5.0\"} 2\n")
        .contains("carteira_ingest_produce_latency_seconds_bucket{le=\"+Inf\"} 2\n")
        .contains("carteira_ingest_produce_latency_seconds_sum 3.03\n")
        .contains("carteira_ingest_produce_latency_seconds_count 2\n");
    assertThat(text.lines().filter(l -> !l.startsWith("#"))).allMatch(l -> l.matches("\\S+ \\S+"));
  }
}
