package io.carteira.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Deliveries built from Stripe's own published objects ({@code stripe/openapi/fixtures3.json}, the
 * resources stripe-mock serves) wrapped in the event envelope, as Stripe wraps them. A test copies
 * a resource and sets what its scenario needs (the customer, a decline), nothing else.
 */
final class StripeFixtures {

  private static final JsonNode RESOURCES = read("/stripe/openapi/fixtures3.json").get("resources");

  private StripeFixtures() {}

  /** A fresh copy of Stripe's fixture of resource {@code name} (invoice, subscription, ...). */
  static ObjectNode resource(String name) {
    JsonNode resource = RESOURCES.get(name);
    if (resource == null) {
      throw new IllegalArgumentException("no fixture for " + name);
    }
    return resource.deepCopy();
  }

  /** Stripe's generic event fixture with {@code object} as its data and the given type. */
  static ObjectNode event(String id, String type, long created, ObjectNode object) {
    ObjectNode event = resource("event");
    event.put("id", id).put("type", type).put("created", created);
    ObjectNode data = event.putObject("data");
    data.set("object", object);
    return event;
  }

  /** The same, with {@code data.previous_attributes}. */
  static ObjectNode updated(
      String id, String type, long created, ObjectNode object, ObjectNode previous) {
    ObjectNode event = event(id, type, created, object);
    ((ObjectNode) event.get("data")).set("previous_attributes", previous);
    return event;
  }

  static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }

  /**
   * The parameters the Stripe CLI's recipe for {@code stripe trigger <type>} sends to create the
   * fixture named {@code fixture} (e.g. the price of customer.subscription.created).
   */
  static JsonNode triggerParams(String type, String fixture) {
    for (JsonNode step : read("/stripe/stripe-cli-triggers/" + type + ".json").get("fixtures")) {
      if (fixture.equals(step.get("name").asText())) {
        return step.get("params");
      }
    }
    throw new IllegalArgumentException("no fixture " + fixture + " in the recipe of " + type);
  }

  static JsonNode read(String resource) {
    try (InputStream in = StripeFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String resource) {
    try (InputStream in = StripeFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
