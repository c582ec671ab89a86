package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.at;
import static io.carteira.ingest.Json.bool;
import static io.carteira.ingest.Json.requiredId;
import static io.carteira.ingest.Json.requiredText;
import static io.carteira.ingest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.EventIds;
import io.carteira.ingest.InputEvent;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code customer.subscription.*} to Carteira's subscription events.
 *
 * <ul>
 *   <li>{@code created} → {@code STARTED}, with plan and MRR ({@link StripeMrr});
 *   <li>{@code updated} → what changed, from {@code previous_attributes}: its items, quantity or
 *       trial status → {@code PLAN_CHANGED} with the new MRR; {@code cancel_at_period_end} turned
 *       true (or a {@code cancel_at} set) → {@code CANCELLATION_REQUESTED}; turned false again →
 *       {@code RENEWED} (the customer stays for another period, which is what clears a cancellation
 *       request in Carteira); anything else changes nothing Carteira follows;
 *   <li>{@code deleted} → {@code CANCELLED}; {@code paused} → {@code PAUSED}; {@code resumed} →
 *       {@code RESUMED}.
 * </ul>
 *
 * The cancellation reason is Stripe's {@code cancellation_details.reason} ({@code
 * cancellation_requested}, {@code payment_failed}, {@code payment_disputed}) followed by the
 * customer's {@code feedback} ({@code too_expensive}, {@code switched_service}, …) when given. The
 * subscription's string metadata is passed on as attributes (so {@code account_owner} or {@code
 * acquisition_channel} set there reach the customer's profile).
 */
final class StripeSubscriptions {

  private StripeSubscriptions() {}

  /** The events of a {@code customer.subscription.*} delivery; empty when nothing changed. */
  static List<InputEvent> map(StripeEvent event) {
    JsonNode subscription = event.object();
    List<SubscriptionEvent.Builder> events = new ArrayList<>();
    switch (event.type()) {
      case "customer.subscription.created" ->
          events.add(withPlan(base(event, SubscriptionEventType.STARTED), subscription));
      case "customer.subscription.updated" -> {
        if (planChanged(event)) {
          events.add(withPlan(base(event, SubscriptionEventType.PLAN_CHANGED), subscription));
        }
        if (cancellationRequested(event)) {
          events.add(
              base(event, SubscriptionEventType.CANCELLATION_REQUESTED)
                  .setCancelReason(cancelReason(subscription)));
        } else if (cancellationWithdrawn(event)) {
          events.add(withPlan(base(event, SubscriptionEventType.RENEWED), subscription));
        }
      }
      case "customer.subscription.deleted" ->
          events.add(
              base(event, SubscriptionEventType.CANCELLED)
                  .setCancelReason(cancelReason(subscription)));
      case "customer.subscription.paused" -> events.add(base(event, SubscriptionEventType.PAUSED));
      case "customer.subscription.resumed" ->
          events.add(base(event, SubscriptionEventType.RESUMED));
      default -> throw new IllegalArgumentException(event.type());
    }
    List<InputEvent> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(
          InputEvent.of(
              events.get(i).setEventId(EventIds.of(event.id(), i, events.size())).build()));
    }
    return out;
  }

  private static SubscriptionEvent.Builder base(StripeEvent event, SubscriptionEventType type) {
    JsonNode subscription = event.object();
    return SubscriptionEvent.newBuilder()
        .setEventId(event.id())
        .setCustomerId(requiredId(subscription, "customer"))
        .setEventTime(event.created())
        .setEventType(type)
        .setSubscriptionId(requiredText(subscription, "id"))
        .setCurrency(StripeEvent.currency(subscription))
        .setAttributes(metadata(subscription));
  }

  private static SubscriptionEvent.Builder withPlan(
      SubscriptionEvent.Builder builder, JsonNode subscription) {
    StripeMrr.Plan plan = StripeMrr.of(subscription);
    return builder.setPlanId(plan.planId()).setMrrMinor(plan.mrrMinor());
  }

  /** Items, quantity or plan changed, or the subscription entered or left its trial. */
  static boolean planChanged(StripeEvent event) {
    if (event.changed("items") || event.changed("plan") || event.changed("quantity")) {
      return true;
    }
    if (!event.changed("status")) {
      return false;
    }
    boolean wasTrialing = "trialing".equals(text(event.previous(), "status"));
    return wasTrialing != "trialing".equals(text(event.object(), "status"));
  }

  static boolean cancellationRequested(StripeEvent event) {
    JsonNode subscription = event.object();
    if (event.changed("cancel_at_period_end")
        && Boolean.TRUE.equals(bool(subscription, "cancel_at_period_end"))
        && !Boolean.TRUE.equals(bool(event.previous(), "cancel_at_period_end"))) {
      return true;
    }
    return event.changed("cancel_at")
        && event.before("cancel_at") == null
        && at(subscription, "cancel_at") != null;
  }

  static boolean cancellationWithdrawn(StripeEvent event) {
    JsonNode subscription = event.object();
    if (event.changed("cancel_at_period_end")
        && Boolean.TRUE.equals(bool(event.previous(), "cancel_at_period_end"))
        && !Boolean.TRUE.equals(bool(subscription, "cancel_at_period_end"))) {
      return true;
    }
    return event.changed("cancel_at")
        && event.before("cancel_at") != null
        && at(subscription, "cancel_at") == null;
  }

  /** {@code reason}, {@code reason: feedback}, {@code feedback} or null. */
  static String cancelReason(JsonNode subscription) {
    String reason = text(subscription, "cancellation_details.reason");
    String feedback = text(subscription, "cancellation_details.feedback");
    if (reason == null) {
      return feedback;
    }
    return feedback == null ? reason : reason + ": " + feedback;
  }

  /** The object's string metadata (Stripe's metadata values are all strings). */
  static Map<String, String> metadata(JsonNode object) {
    Map<String, String> attributes = new HashMap<>();
    JsonNode metadata = at(object, "metadata");
    if (metadata != null && metadata.isObject()) {
      metadata
          .properties()
          .forEach(
              field -> {
                if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                  attributes.put(field.getKey(), field.getValue().asText());
                }
              });
    }
    return attributes;
  }
}
