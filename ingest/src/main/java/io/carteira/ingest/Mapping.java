package io.carteira.ingest;

import java.time.Instant;
import java.util.List;

/**
 * What a provider's delivery means to Carteira. Every verified delivery is answered 2xx whatever
 * its mapping, since the provider sending it again would change nothing; only a failure to produce
 * asks for a retry.
 */
public sealed interface Mapping {

  /** The provider's event type, for metrics. */
  String providerType();

  /** Carteira input events to produce, in order. */
  record Mapped(String providerType, List<InputEvent> events) implements Mapping {}

  /** An event type Carteira does not use (the documentation lists them): counted, dropped. */
  record Ignored(String providerType) implements Mapping {}

  /**
   * A type Carteira uses but that brings nothing new this time (an overdue notice Carteira works
   * out itself, a settlement of a payment already confirmed, a failure its charge already carried):
   * counted as a check of what Carteira derives, dropped.
   */
  record Checked(String providerType, String what) implements Mapping {}

  /**
   * A delivery of a type Carteira maps (or would map) that cannot be mapped: an unknown type of a
   * family Carteira follows, a field missing. It goes to {@code dead-letters} with its raw body, so
   * nothing is dropped silently.
   */
  record Unmappable(
      String providerType, String reason, String eventId, String customerId, Instant eventTime)
      implements Mapping {}
}
