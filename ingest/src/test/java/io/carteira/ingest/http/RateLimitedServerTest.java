package io.carteira.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.IngestMetrics;
import io.carteira.ingest.IngestService;
import io.carteira.ingest.IngestTopics;
import io.carteira.ingest.Ingestor;
import io.carteira.ingest.RecordingSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate limit over HTTP, before anything is read or checked (no Kafka needed). */
class RateLimitedServerTest {

  @Test
  void aSourceOverItsRateGets429WithRetryAfter() throws Exception {
    IngestMetrics metrics = new IngestMetrics();
    RecordingSink sink = new RecordingSink();
    try (WebhookServer server =
        WebhookServer.start(
            "127.0.0.1",
            0,
            List.of(IngestService.asaas("token", ZoneId.of("America/Sao_Paulo"))),
            new Ingestor(sink, IngestTopics.defaults(), metrics),
            sink,
            metrics,
            new RateLimiter(2),
            Clock.systemUTC())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest post =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.port() + "/webhooks/asaas"))
              .header("asaas-access-token", "token")
              .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"TRANSFER_DONE\"}"))
              .build();

      List<HttpResponse<String>> responses =
          List.of(
              http.send(post, HttpResponse.BodyHandlers.ofString()),
              http.send(post, HttpResponse.BodyHandlers.ofString()),
              http.send(post, HttpResponse.BodyHandlers.ofString()));

      assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 429);
      assertThat(responses.get(2).headers().firstValue("Retry-After")).hasValue("1");
      assertThat(
              metrics.value(
                  "deliveries_refused_total", "provider", "asaas", "reason", "rate_limited"))
          .isEqualTo(1);
      assertThat(
              metrics.value(
                  "deliveries_ignored_total", "provider", "asaas", "event_type", "TRANSFER_DONE"))
          .isEqualTo(2);
    }
  }
}
