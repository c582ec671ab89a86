package io.carteira.ingest.asaas;

import static io.carteira.ingest.Json.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.Unmappable;
import java.time.Instant;
import java.time.ZoneId;

/**
 * An Asaas webhook event: {@code id} (unique per event; a redelivery repeats it), {@code event}
 * (the type), {@code dateCreated} (when Asaas raised it) and the object it is about, {@code
 * payment} or {@code subscription}.
 */
record AsaasEvent(String id, String type, Instant created, JsonNode object) {

  static AsaasEvent of(JsonNode envelope, ZoneId zone) {
    String type = requiredText(envelope, "event");
    String objectField = type.startsWith("SUBSCRIPTION_") ? "subscription" : "payment";
    JsonNode object = envelope.get(objectField);
    if (object == null || !object.isObject()) {
      throw new Unmappable("missing field " + objectField);
    }
    return new AsaasEvent(
        requiredText(envelope, "id"),
        type,
        AsaasValues.dateTime(requiredText(envelope, "dateCreated"), "dateCreated", zone),
        object);
  }
}
