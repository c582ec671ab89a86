package io.carteira.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a delivery, whatever carried it (an HTTP request, a line of a backfill): checked,
 * parsed, mapped, written, answered. Answers follow what a provider does with them: 2xx means
 * "delivered, never send it again", so it is given only once Kafka holds the events or the dead
 * letter; 503 asks for the delivery again later; 400 refuses a delivery that did not come from the
 * provider. Bodies are never logged (they hold customers' data), nor are secrets.
 */
public final class Ingestor {

  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

  /** What became of a delivery. */
  public enum Kind {
    MAPPED,
    IGNORED,
    CHECKED,
    DEAD_LETTERED,
    REFUSED,
    UNAVAILABLE
  }

  /** An answer: what became of the delivery, its HTTP status and a one-line body. */
  public record Outcome(Kind kind, int status, String message) {}

  private final EventSink sink;
  private final IngestTopics topics;
  private final IngestMetrics metrics;

  public Ingestor(EventSink sink, IngestTopics topics, IngestMetrics metrics) {
    this.sink = sink;
    this.topics = topics;
    this.metrics = metrics;
  }

  /** A webhook delivery: checked, then mapped. */
  public Outcome receive(Provider provider, Delivery delivery) {
    metrics.received(provider.name());
    String refusal = provider.check().refusal(delivery);
    if (refusal != null) {
      metrics.refused(provider.name(), refusal);
      LOG.info("{} delivery refused: {}", provider.name(), refusal);
      return new Outcome(Kind.REFUSED, 400, "refused: " + refusal);
    }
    metrics.verified(provider.name());
    return map(provider, delivery.body(), delivery.receivedAt());
  }

  /** A delivery already known to be the provider's (a backfill's): mapped and written. */
  public Outcome map(Provider provider, byte[] body, Instant receivedAt) {
    Mapping mapping;
    try {
      mapping = provider.mapping().map(Json.parse(body));
    } catch (Unmappable e) {
      mapping = new Mapping.Unmappable("(unreadable)", e.getMessage(), null, null, null);
    } catch (RuntimeException e) {
      // a mapping bug: the body is kept in dead-letters, to replay once fixed
      LOG.error("{} mapping failed", provider.name(), e);
      mapping =
          new Mapping.Unmappable("(mapping failed)", "mapping failed: " + e, null, null, null);
    }
    return write(provider, mapping, body, receivedAt);
  }

  /** Maps an already parsed event (the backfill's), keeping its raw text for a dead letter. */
  public Outcome map(Provider provider, JsonNode event, Instant receivedAt) {
    return map(provider, event.toString().getBytes(StandardCharsets.UTF_8), receivedAt);
  }

  private Outcome write(Provider provider, Mapping mapping, byte[] body, Instant receivedAt) {
    String name = provider.name();
    try {
      if (mapping instanceof Mapping.Mapped mapped) {
        List<EventSink.Outgoing> records = new ArrayList<>();
        for (InputEvent event : mapped.events()) {
          records.add(
              new EventSink.Outgoing(
                  topics.of(event.topic()), event.customerId(), event.eventTime(), event.record()));
        }
        send(records);
        for (InputEvent event : mapped.events()) {
          metrics.mapped(name, event.type());
        }
        return new Outcome(
            Kind.MAPPED, 200, "mapped " + mapped.providerType() + " to " + types(mapped));
      }
      if (mapping instanceof Mapping.Ignored ignored) {
        metrics.ignored(name, ignored.providerType());
        return new Outcome(
            Kind.IGNORED, 200, "ignored " + ignored.providerType() + ": not used by Carteira");
      }
      if (mapping instanceof Mapping.Checked checked) {
        metrics.checked(name, checked.providerType());
        return new Outcome(
            Kind.CHECKED, 200, "checked " + checked.providerType() + ": " + checked.what());
      }
      Mapping.Unmappable unmappable = (Mapping.Unmappable) mapping;
      send(List.of(deadLetter(name, unmappable, body, receivedAt)));
      metrics.deadLetter(name);
      LOG.warn(
          "{} event {} ({}) to dead-letters: {}",
          name,
          unmappable.eventId(),
          unmappable.providerType(),
          unmappable.reason());
      return new Outcome(Kind.DEAD_LETTERED, 200, "dead-lettered: " + unmappable.reason());
    } catch (EventSink.Unavailable e) {
      metrics.unavailable(name);
      LOG.warn("{} delivery not written, answered 503: {}", name, e.getMessage());
      return new Outcome(Kind.UNAVAILABLE, 503, "Kafka is unavailable; deliver again later");
    }
  }

  private void send(List<EventSink.Outgoing> records) throws EventSink.Unavailable {
    long started = System.nanoTime();
    try {
      sink.send(records);
    } finally {
      metrics.produceLatency(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private EventSink.Outgoing deadLetter(
      String provider, Mapping.Unmappable unmappable, byte[] body, Instant receivedAt) {
    String key = unmappable.customerId() != null ? unmappable.customerId() : unmappable.eventId();
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic("webhook:" + provider)
            .setSourcePartition(-1)
            .setSourceOffset(-1)
            .setSourceTimestamp(receivedAt)
            .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
            .setValue(ByteBuffer.wrap(body))
            .setErrorKind(DeadLetterKind.VALIDATION)
            .setErrorMessage(unmappable.providerType() + ": " + unmappable.reason())
            .setEventId(unmappable.eventId())
            .setCustomerId(unmappable.customerId())
            .setEventTime(unmappable.eventTime())
            .build();
    return new EventSink.Outgoing(topics.deadLetters(), key, receivedAt, letter);
  }

  private static String types(Mapping.Mapped mapped) {
    return String.join(", ", mapped.events().stream().map(InputEvent::type).toList());
  }
}
