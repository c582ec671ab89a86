package io.carteira.operators.ingest;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated input event on its way to its customer's operator: the event as Avro binary (the
 * reader schema's), with the three fields that operator needs before it applies the event (the key,
 * the id it deduplicates on and the event time it orders by). The event is decoded once, when it is
 * applied: neither the network shuffle nor the wait for the watermark in state pays for Avro again.
 * {@link EncodedEventSerializer} writes it.
 */
public final class EncodedEvent {

  private final String customerId;
  private final String eventId;
  private final long eventTime;
  private final byte[] avro;

  public EncodedEvent(String customerId, String eventId, long eventTime, byte[] avro) {
    this.customerId = Objects.requireNonNull(customerId, "customerId");
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.eventTime = eventTime;
    this.avro = Objects.requireNonNull(avro, "avro");
  }

  public String customerId() {
    return customerId;
  }

  public String eventId() {
    return eventId;
  }

  /** Epoch milliseconds. */
  public long eventTime() {
    return eventTime;
  }

  /** The event's Avro binary encoding; not to be modified. */
  byte[] avro() {
    return avro;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedEvent other
        && eventTime == other.eventTime
        && customerId.equals(other.customerId)
        && eventId.equals(other.eventId)
        && Arrays.equals(avro, other.avro);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerId, eventId, eventTime, Arrays.hashCode(avro));
  }

  @Override
  public String toString() {
    return "EncodedEvent{"
        + customerId
        + ", "
        + eventId
        + ", "
        + eventTime
        + ", "
        + avro.length
        + " bytes}";
  }
}
