package io.carteira.ingest;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where mapped events and dead letters go: Kafka in production. {@link #send} returns only once
 * every record is acknowledged, so a delivery is answered 2xx only when what it carried is safe.
 */
public interface EventSink extends AutoCloseable {

  /** One record to write: topic, key, timestamp and value. */
  record Outgoing(String topic, String key, Instant timestamp, SpecificRecord value) {}

  /**
   * Writes {@code records} and waits for their acknowledgement.
   *
   * @throws Unavailable when any of them is not acknowledged in time
   */
  void send(List<Outgoing> records) throws Unavailable;

  /** Whether records can be written now (for {@code /ready}). */
  boolean ready();

  @Override
  void close();

  /** The records were not acknowledged: the provider should deliver again later. */
  final class Unavailable extends Exception {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
