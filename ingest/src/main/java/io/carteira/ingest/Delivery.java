package io.carteira.ingest;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP delivery of a provider's webhook, as received: headers by lower-case name, the exact
 * body bytes and when it arrived.
 */
public record Delivery(Map<String, String> headers, byte[] body, Instant receivedAt) {

  /** A header's value by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
