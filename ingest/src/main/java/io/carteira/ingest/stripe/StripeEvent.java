package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.at;
import static io.carteira.ingest.Json.requiredText;
import static io.carteira.ingest.Json.requiredWhole;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.Unmappable;
import java.time.Instant;
import java.util.Locale;

/**
 * A Stripe event envelope: {@code id}, {@code type}, {@code created} (unix seconds), the object as
 * it is after the event ({@code data.object}) and, for {@code *.updated}, the attributes it had
 * before ({@code data.previous_attributes}). {@code created} is every mapped event's event time: it
 * is when Stripe recorded the change, the same in a live delivery and in an export of it.
 */
record StripeEvent(String id, String type, Instant created, JsonNode object, JsonNode previous) {

  static StripeEvent of(JsonNode envelope) {
    String id = requiredText(envelope, "id");
    String type = requiredText(envelope, "type");
    Instant created = Instant.ofEpochSecond(requiredWhole(envelope, "created"));
    JsonNode object = at(envelope, "data.object");
    if (object == null || !object.isObject()) {
      throw new Unmappable("missing field data.object");
    }
    return new StripeEvent(id, type, created, object, at(envelope, "data.previous_attributes"));
  }

  /** Whether {@code data.previous_attributes} names {@code field}: it changed in this event. */
  boolean changed(String field) {
    return previous != null && previous.has(field);
  }

  /** The previous value of {@code field}, or null (also when it was JSON null). */
  JsonNode before(String field) {
    return previous == null ? null : at(previous, field);
  }

  /** An ISO 4217 code as Carteira writes it: Stripe's are lower case. */
  static String currency(JsonNode object) {
    return requiredText(object, "currency").toUpperCase(Locale.ROOT);
  }
}
