package io.carteira.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Json;
import java.time.Instant;

/**
 * One Stripe customer's story as Stripe delivers it (API versions before 2025-03-31, where a charge
 * names its invoice): the objects carry the fields Stripe's own fixtures carry that the mapping
 * reads, in Stripe's envelope.
 */
final class StripeDeliveries {

  static final String CUSTOMER = "cus_Q7e2eBakery";
  static final String SUBSCRIPTION = "sub_1Qe2eBakery";
  static final String INVOICE = "in_1Qe2eFirstMonth";
  static final String PRICE = "price_1Qe2eProMonthly";
  static final long MRR = 29_900L;

  private StripeDeliveries() {}

  static ObjectNode envelope(String id, String type, Instant created, ObjectNode object) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event
        .put("id", id)
        .put("object", "event")
        .put("api_version", "2024-06-20")
        .put("created", created.getEpochSecond())
        .put("livemode", false)
        .put("pending_webhooks", 1)
        .put("type", type);
    event.putObject("data").set("object", object);
    return event;
  }

  static ObjectNode customer(Instant created) {
    ObjectNode customer = Json.MAPPER.createObjectNode();
    customer
        .put("id", CUSTOMER)
        .put("object", "customer")
        .put("created", created.getEpochSecond())
        .put("currency", "brl")
        .put("email", "financeiro@padaria.example")
        .put("name", "Padaria Pão Quente Ltda");
    customer.putArray("preferred_locales").add("pt-BR");
    customer.putObject("metadata").put("account_owner", "marina@carteira.example");
    return customer;
  }

  static ObjectNode subscription(Instant created, String status) {
    ObjectNode subscription = Json.MAPPER.createObjectNode();
    subscription
        .put("id", SUBSCRIPTION)
        .put("object", "subscription")
        .put("customer", CUSTOMER)
        .put("created", created.getEpochSecond())
        .put("currency", "brl")
        .put("status", status)
        .put("cancel_at_period_end", false)
        .put("collection_method", "charge_automatically");
    subscription.putObject("metadata");
    ObjectNode item =
        subscription.putObject("items").put("object", "list").putArray("data").addObject();
    item.put("id", "si_e2e").put("object", "subscription_item").put("quantity", 1);
    ObjectNode price =
        item.putObject("price")
            .put("id", PRICE)
            .put("object", "price")
            .put("currency", "brl")
            .put("unit_amount", MRR)
            .put("unit_amount_decimal", String.valueOf(MRR))
            .put("type", "recurring");
    price
        .putObject("recurring")
        .put("interval", "month")
        .put("interval_count", 1)
        .put("usage_type", "licensed");
    return subscription;
  }

  static ObjectNode invoice(Instant finalizedAt) {
    ObjectNode invoice = Json.MAPPER.createObjectNode();
    invoice
        .put("id", INVOICE)
        .put("object", "invoice")
        .put("customer", CUSTOMER)
        .put("subscription", SUBSCRIPTION)
        .put("status", "open")
        .put("collection_method", "charge_automatically")
        .put("currency", "brl")
        .put("amount_due", MRR)
        .put("amount_paid", 0)
        .put("amount_remaining", MRR)
        .put("attempt_count", 0)
        .putNull("due_date");
    invoice.putObject("status_transitions").put("finalized_at", finalizedAt.getEpochSecond());
    return invoice;
  }

  static ObjectNode failedCharge(
      String id, Instant created, String failureCode, String reason, String advice) {
    ObjectNode charge = Json.MAPPER.createObjectNode();
    charge
        .put("id", id)
        .put("object", "charge")
        .put("amount", MRR)
        .put("currency", "brl")
        .put("customer", CUSTOMER)
        .put("invoice", INVOICE)
        .put("created", created.getEpochSecond())
        .put("status", "failed")
        .put("paid", false)
        .put("failure_code", failureCode)
        .put("failure_message", "Your card was declined.");
    ObjectNode outcome = charge.putObject("outcome");
    outcome
        .put("type", "issuer_declined")
        .put("network_status", "declined_by_network")
        .put("reason", reason);
    if (advice == null) {
      outcome.putNull("advice_code");
    } else {
      outcome.put("advice_code", advice);
    }
    charge.putObject("payment_method_details").put("type", "card");
    return charge;
  }

  static ObjectNode invoiceFailed(Instant at, int attempt, String charge) {
    ObjectNode invoice = invoice(at);
    invoice.put("attempt_count", attempt).put("attempted", true).put("charge", charge);
    return invoice;
  }

  static ObjectNode cancelled(Instant at) {
    ObjectNode subscription = subscription(at, "canceled");
    subscription.put("canceled_at", at.getEpochSecond()).put("ended_at", at.getEpochSecond());
    subscription
        .putObject("cancellation_details")
        .put("reason", "payment_failed")
        .putNull("feedback");
    return subscription;
  }
}
