package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.id;
import static io.carteira.ingest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which customer and invoice each recently seen charge belongs to. A Stripe dispute names its
 * charge (and payment intent) but not the customer, and Carteira keys everything by customer: the
 * receiver learns the owner from the charge deliveries it sees ({@code charge.*} of every kind,
 * including those it otherwise ignores such as {@code charge.succeeded}, and invoices that name
 * their charge) and looks the dispute's charge up here. Bounded (least recently seen dropped first)
 * and held in memory: a dispute whose charge this process has not seen cannot be mapped and goes to
 * dead-letters with its body, to be replayed through the backfill together with its charge.
 */
public final class ChargeOwners {

  /** A charge's customer and invoice (null when it is outside an invoice). */
  public record Owner(String customerId, String invoiceId) {}

  private final Map<String, Owner> owners;

  public ChargeOwners(int capacity) {
    this.owners =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Owner> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Learns from any Stripe object that ties a charge to its customer. */
  public synchronized void learn(JsonNode object) {
    String kind = text(object, "object");
    String customer = id(object, "customer");
    if (customer == null || kind == null) {
      return;
    }
    switch (kind) {
      case "charge" -> {
        Owner owner = new Owner(customer, id(object, "invoice"));
        put(text(object, "id"), owner);
        put(id(object, "payment_intent"), owner);
      }
      case "invoice" -> {
        Owner owner = new Owner(customer, text(object, "id"));
        put(id(object, "charge"), owner);
        put(id(object, "payment_intent"), owner);
      }
      default -> {}
    }
  }

  private void put(String key, Owner owner) {
    if (key == null) {
      return;
    }
    Owner known = owners.get(key);
    // a charge's invoice, once known, is kept when a later delivery of it does not name it
    owners.put(
        key,
        known != null && owner.invoiceId() == null
            ? new Owner(owner.customerId(), known.invoiceId())
            : owner);
  }

  /** The owner of charge (or payment intent) {@code id}, or null. */
  public synchronized Owner find(String id) {
    return id == null ? null : owners.get(id);
  }
}
