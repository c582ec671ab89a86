package io.carteira.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * How one provider's events become Carteira's: a provider is one of these plus its {@link
 * DeliveryCheck}. Implementations are plain functions of the event (and settings such as the
 * business time zone), so a repeated delivery maps to the same events with the same ids.
 */
public interface ProviderMapping {

  /** Maps one provider event (the parsed body of one delivery). Never throws. */
  Mapping map(JsonNode event);

  /**
   * When the event happened, to replay an export in time order; null when it does not say.
   *
   * @throws Unmappable when the event's time is unreadable
   */
  Instant occurredAt(JsonNode event);
}
