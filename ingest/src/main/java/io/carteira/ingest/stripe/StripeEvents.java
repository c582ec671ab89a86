package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.id;
import static io.carteira.ingest.Json.text;
import static io.carteira.ingest.Json.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.InputEvent;
import io.carteira.ingest.Mapping;
import io.carteira.ingest.ProviderMapping;
import io.carteira.ingest.Unmappable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Stripe events to Carteira's input events: which types are mapped, which are known and not used,
 * and what becomes of the rest. A type of a family Carteira maps ({@code customer.subscription.*},
 * {@code invoice.*}, {@code charge.*}, {@code payment_method.*}, {@code customer.*}) that is in
 * neither list is unmappable, so a type Stripe adds shows up in dead-letters rather than vanishing;
 * types of other families (products, prices, payouts, …) are ignored.
 */
public final class StripeEvents implements ProviderMapping {

  /** The types Carteira maps. */
  public static final Set<String> MAPPED =
      Set.of(
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "customer.subscription.paused",
          "customer.subscription.resumed",
          "invoice.finalized",
          "invoice.paid",
          "invoice.payment_failed",
          "charge.failed",
          "charge.refunded",
          "charge.dispute.created",
          "payment_method.attached",
          "payment_method.updated",
          "payment_method.automatically_updated",
          "customer.created",
          "customer.updated");

  /** Types of the mapped families that Carteira does not use (docs/ingest.md says why). */
  public static final Set<String> NOT_USED =
      Set.of(
          "customer.subscription.trial_will_end",
          "customer.subscription.pending_update_applied",
          "customer.subscription.pending_update_expired",
          "invoice.created",
          "invoice.updated",
          "invoice.deleted",
          "invoice.sent",
          "invoice.upcoming",
          "invoice.voided",
          "invoice.marked_uncollectible",
          "invoice.payment_action_required",
          "invoice.payment_succeeded",
          "invoice.finalization_failed",
          "invoice.overdue",
          "invoice.overpaid",
          "invoice.will_be_due",
          "charge.succeeded",
          "charge.captured",
          "charge.pending",
          "charge.expired",
          "charge.updated",
          "charge.refund.updated",
          "charge.dispute.updated",
          "charge.dispute.closed",
          "charge.dispute.funds_withdrawn",
          "charge.dispute.funds_reinstated",
          "payment_method.detached",
          "customer.deleted");

  private static final List<String> FAMILIES =
      List.of("customer.subscription.", "invoice.", "charge.", "payment_method.", "customer.");

  /** Sub-families of {@code customer.*} that are about other objects, all not used. */
  private static final List<String> NOT_USED_FAMILIES =
      List.of(
          "customer.discount.", "customer.source.", "customer.tax_id.", "customer.bank_account.");

  private final StripePayments payments;
  private final ChargeOwners owners;

  public StripeEvents(ZoneId zone, ChargeOwners owners) {
    this.payments = new StripePayments(zone, owners);
    this.owners = owners;
  }

  @Override
  public Mapping map(JsonNode envelope) {
    String type = text(envelope, "type");
    StripeEvent event;
    try {
      event = StripeEvent.of(envelope);
    } catch (Unmappable e) {
      return unmappable(envelope, type, e.getMessage());
    }
    owners.learn(event.object());
    if (!MAPPED.contains(type)) {
      if (NOT_USED.contains(type)
          || FAMILIES.stream().noneMatch(type::startsWith)
          || NOT_USED_FAMILIES.stream().anyMatch(type::startsWith)) {
        return new Mapping.Ignored(type);
      }
      return unmappable(envelope, type, "unknown Stripe event type " + type);
    }
    try {
      if (type.startsWith("customer.subscription.")) {
        List<InputEvent> events = StripeSubscriptions.map(event);
        return events.isEmpty()
            ? new Mapping.Checked(type, "no change Carteira follows")
            : new Mapping.Mapped(type, events);
      }
      if (type.startsWith("payment_method.")) {
        return StripeCustomers.paymentMethod(event);
      }
      if (type.startsWith("customer.")) {
        return StripeCustomers.profile(event);
      }
      return payments.map(event);
    } catch (Unmappable e) {
      return unmappable(envelope, type, e.getMessage());
    }
  }

  @Override
  public Instant occurredAt(JsonNode envelope) {
    Long created = whole(envelope, "created");
    return created == null ? null : Instant.ofEpochSecond(created);
  }

  private Mapping unmappable(JsonNode envelope, String type, String reason) {
    String customer = null;
    try {
      customer = id(envelope, "data.object.customer");
    } catch (RuntimeException ignored) {
      // the reason says what is wrong; the customer is only a help to whoever reads it
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
