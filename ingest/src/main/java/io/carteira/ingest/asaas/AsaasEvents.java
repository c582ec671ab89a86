package io.carteira.ingest.asaas;

import static io.carteira.ingest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.Mapping;
import io.carteira.ingest.ProviderMapping;
import io.carteira.ingest.Unmappable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * Asaas events to Carteira's input events. The {@code PAYMENT_*} and {@code SUBSCRIPTION_*} types
 * Carteira maps are in {@link #MAPPED}, the others of those families it knows and does not use in
 * {@link #NOT_USED}; a type of either family in neither set is unmappable (a new Asaas type shows
 * up in dead-letters), and the other families (invoices for tax purposes, transfers, bills,
 * anticipations, account status, checkout) are ignored.
 */
public final class AsaasEvents implements ProviderMapping {

  public static final Set<String> MAPPED =
      Set.of(
          "PAYMENT_CREATED",
          "PAYMENT_CONFIRMED",
          "PAYMENT_RECEIVED",
          "PAYMENT_OVERDUE",
          "PAYMENT_CREDIT_CARD_CAPTURE_REFUSED",
          "PAYMENT_REPROVED_BY_RISK_ANALYSIS",
          "PAYMENT_REFUNDED",
          "PAYMENT_CHARGEBACK_REQUESTED",
          "SUBSCRIPTION_CREATED",
          "SUBSCRIPTION_UPDATED",
          "SUBSCRIPTION_INACTIVATED",
          "SUBSCRIPTION_DELETED");

  public static final Set<String> NOT_USED =
      Set.of(
          "PAYMENT_AUTHORIZED",
          "PAYMENT_AWAITING_RISK_ANALYSIS",
          "PAYMENT_APPROVED_BY_RISK_ANALYSIS",
          "PAYMENT_UPDATED",
          "PAYMENT_ANTICIPATED",
          "PAYMENT_DELETED",
          "PAYMENT_RESTORED",
          "PAYMENT_REFUND_IN_PROGRESS",
          "PAYMENT_REFUND_DENIED",
          "PAYMENT_RECEIVED_IN_CASH_UNDONE",
          "PAYMENT_CHARGEBACK_DISPUTE",
          "PAYMENT_AWAITING_CHARGEBACK_REVERSAL",
          "PAYMENT_DUNNING_RECEIVED",
          "PAYMENT_DUNNING_REQUESTED",
          "PAYMENT_BANK_SLIP_VIEWED",
          "PAYMENT_CHECKOUT_VIEWED",
          "PAYMENT_PARTIALLY_REFUNDED",
          "PAYMENT_SPLIT_CANCELLED",
          "PAYMENT_SPLIT_DIVERGENCE_BLOCK",
          "PAYMENT_SPLIT_DIVERGENCE_BLOCK_FINISHED",
          "SUBSCRIPTION_SPLIT_DISABLED",
          "SUBSCRIPTION_SPLIT_DIVERGENCE_BLOCK",
          "SUBSCRIPTION_SPLIT_DIVERGENCE_BLOCK_FINISHED");

  private final ZoneId zone;
  private final AsaasPayments payments;

  public AsaasEvents(ZoneId zone) {
    this.zone = zone;
    this.payments = new AsaasPayments(zone);
  }

  @Override
  public Mapping map(JsonNode envelope) {
    String type = text(envelope, "event");
    if (type != null && !MAPPED.contains(type)) {
      boolean family = type.startsWith("PAYMENT_") || type.startsWith("SUBSCRIPTION_");
      if (!family || NOT_USED.contains(type)) {
        return new Mapping.Ignored(type);
      }
      return unmappable(envelope, type, "unknown Asaas event type " + type);
    }
    try {
      AsaasEvent event = AsaasEvent.of(envelope, zone);
      return type.startsWith("SUBSCRIPTION_") ? AsaasSubscriptions.map(event) : payments.map(event);
    } catch (Unmappable e) {
      return unmappable(envelope, type, e.getMessage());
    }
  }

  @Override
  public Instant occurredAt(JsonNode envelope) {
    String created = text(envelope, "dateCreated");
    return created == null ? null : AsaasValues.dateTime(created, "dateCreated", zone);
  }

  private Mapping unmappable(JsonNode envelope, String type, String reason) {
    String customer = text(envelope, "payment.customer");
    if (customer == null) {
      customer = text(envelope, "subscription.customer");
    }
    Instant at;
    try {
      at = occurredAt(envelope);
    } catch (Unmappable e) {
      at = null;
    }
    return new Mapping.Unmappable(
        type == null ? "(none)" : type, reason, text(envelope, "id"), customer, at);
  }
}
