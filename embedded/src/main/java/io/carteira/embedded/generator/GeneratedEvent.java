package io.carteira.embedded.generator;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** One event of the synthetic portfolio, with the input topic it belongs to. */
public record GeneratedEvent(
    Topic topic, String customerId, Instant eventTime, SpecificRecord record) {

  /** The three input topics. */
  public enum Topic {
    PAYMENTS,
    USAGE,
    SUBSCRIPTIONS
  }
}
