package io.carteira.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.IngestService;
import io.carteira.ingest.stripe.StripeSignature;
import io.carteira.schemas.PaymentEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka away: a delivery is answered 503 (never 2xx before its events are acknowledged) so the
 * provider delivers it again; once Kafka is back, the provider's next attempt lands, once.
 */
class KafkaDownIT {

  private static final String SECRET = "whsec_kafka_down_it";

  @Test
  void kafkaDownIs503_andTheRetryLandsOnceKafkaIsBack() throws Exception {
    try (IngestRuntime runtime =
        new IngestRuntime(
            List.of(IngestService.stripe(List.of(SECRET), IngestRuntime.ZONE, Clock.systemUTC())),
            100)) {
      assertThat(deliver(runtime, "evt_before", "in_before").statusCode()).isEqualTo(200);

      runtime.stopKafka();
      long started = System.nanoTime();
      HttpResponse<String> whileDown = deliver(runtime, "evt_during", "in_during");
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(whileDown.statusCode()).isEqualTo(503);
      assertThat(whileDown.body()).isEqualTo("Kafka is unavailable; deliver again later\n");
      assertThat(waitedMillis)
          .as("answered only once Kafka failed to acknowledge")
          .isGreaterThan(3_000);
      assertThat(runtime.get("/ready").statusCode()).isEqualTo(503);
      assertThat(runtime.get("/health").statusCode()).isEqualTo(200);

      runtime.startKafka();
      HttpResponse<String> retry = deliver(runtime, "evt_during", "in_during");

      assertThat(retry.statusCode()).isEqualTo(200);
      List<String> ids =
          runtime.readAll("payments", PaymentEvent.class).stream()
              .map(r -> r.value().getEventId())
              .toList();
      assertThat(ids).containsExactlyInAnyOrder("evt_before", "evt_during");
      assertThat(
              runtime
                  .service()
                  .metrics()
                  .value("deliveries_unavailable_total", "provider", "stripe"))
          .isEqualTo(1);
    }
  }

  /** One attempt of Stripe's, signed when sent as Stripe signs each attempt. */
  private static HttpResponse<String> deliver(
      IngestRuntime runtime, String eventId, String invoiceId) throws Exception {
    byte[] body =
        WebhookServerIT.invoiceFinalized(eventId, invoiceId, 1767225600L)
            .getBytes(StandardCharsets.UTF_8);
    String signature = StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body);
    return runtime.post("/webhooks/stripe", body, Map.of("Stripe-Signature", signature));
  }
}
