package io.carteira.ingest;

import io.carteira.ingest.asaas.AsaasEvents;
import io.carteira.ingest.asaas.AsaasToken;
import io.carteira.ingest.http.RateLimiter;
import io.carteira.ingest.http.WebhookServer;
import io.carteira.ingest.kafka.KafkaEventSink;
import io.carteira.ingest.stripe.ChargeOwners;
import io.carteira.ingest.stripe.StripeEvents;
import io.carteira.ingest.stripe.StripeSignature;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver, assembled: the providers that have a secret, the Kafka sink, the ingestor and the
 * HTTP server. {@code carteira ingest} runs one; the tests start one against the embedded broker.
 */
public final class IngestService implements AutoCloseable {

  /** Charges remembered to find a dispute's customer. */
  static final int CHARGES_REMEMBERED = 100_000;

  private final EventSink sink;
  private final WebhookServer server;
  private final IngestMetrics metrics;

  private IngestService(EventSink sink, WebhookServer server, IngestMetrics metrics) {
    this.sink = sink;
    this.server = server;
    this.metrics = metrics;
  }

  /** Stripe, checked with {@code secrets}. */
  public static Provider stripe(List<String> secrets, ZoneId zone, Clock clock) {
    return new Provider(
        "stripe",
        new StripeSignature(secrets, StripeSignature.DEFAULT_TOLERANCE, clock),
        new StripeEvents(zone, new ChargeOwners(CHARGES_REMEMBERED)));
  }

  /** Asaas, checked with {@code token}. */
  public static Provider asaas(String token, ZoneId zone) {
    return new Provider("asaas", new AsaasToken(token), new AsaasEvents(zone));
  }

  /** A provider by name with no check, for a backfill of an export the business trusts. */
  public static Provider unchecked(String name, ZoneId zone) {
    return switch (name) {
      case "stripe" ->
          new Provider(
              "stripe", d -> null, new StripeEvents(zone, new ChargeOwners(CHARGES_REMEMBERED)));
      case "asaas" -> new Provider("asaas", d -> null, new AsaasEvents(zone));
      default -> throw new IllegalArgumentException("unknown provider '" + name + "'");
    };
  }

  /** The providers {@code secrets} has secrets for. */
  public static List<Provider> providers(Secrets secrets, ZoneId zone, Clock clock) {
    List<Provider> providers = new ArrayList<>();
    if (!secrets.stripe().isEmpty()) {
      providers.add(stripe(secrets.stripe(), zone, clock));
    }
    if (secrets.asaasToken() != null) {
      providers.add(asaas(secrets.asaasToken(), zone));
    }
    return providers;
  }

  /** Starts the receiver for {@code providers}. */
  public static IngestService start(IngestSettings settings, List<Provider> providers)
      throws Exception {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("no provider to receive from: set a secret");
    }
    IngestMetrics metrics = new IngestMetrics();
    EventSink sink =
        new KafkaEventSink(
            settings.bootstrapServers(),
            settings.kafkaClient(),
            settings.registry(),
            settings.autoRegister());
    try {
      Ingestor ingestor = new Ingestor(sink, settings.topics(), metrics);
      WebhookServer server =
          WebhookServer.start(
              settings.host(),
              settings.port(),
              providers,
              ingestor,
              sink,
              metrics,
              new RateLimiter(settings.ratePerSecond()),
              Clock.systemUTC());
      return new IngestService(sink, server, metrics);
    } catch (Exception e) {
      sink.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /** Runs until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    server.close();
    sink.close();
  }
}
