package io.carteira.ingest.asaas;

import static io.carteira.ingest.Json.requiredDecimal;
import static io.carteira.ingest.Json.requiredText;
import static io.carteira.ingest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.InputEvent;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.util.List;

/**
 * Asaas subscriptions ("assinaturas") to subscription events: {@code SUBSCRIPTION_CREATED} → {@code
 * STARTED}, {@code SUBSCRIPTION_UPDATED} → {@code PLAN_CHANGED}, {@code SUBSCRIPTION_INACTIVATED}
 * and {@code SUBSCRIPTION_DELETED} → {@code CANCELLED}. MRR is derived from the value and cycle
 * ({@link AsaasValues#mrr}); the contract ends on {@code endDate} when the subscription has one.
 * Asaas has no plans: a subscription is a value and a cycle, so no plan id is set.
 */
final class AsaasSubscriptions {

  private AsaasSubscriptions() {}

  static Mapping map(AsaasEvent event) {
    JsonNode subscription = event.object();
    SubscriptionEvent.Builder b =
        SubscriptionEvent.newBuilder()
            .setEventId(event.id())
            .setCustomerId(requiredText(subscription, "customer"))
            .setEventTime(event.created())
            .setSubscriptionId(requiredText(subscription, "id"))
            .setCurrency("BRL");
    switch (event.type()) {
      case "SUBSCRIPTION_CREATED" ->
          withPlan(b.setEventType(SubscriptionEventType.STARTED), subscription);
      case "SUBSCRIPTION_UPDATED" ->
          withPlan(b.setEventType(SubscriptionEventType.PLAN_CHANGED), subscription);
      case "SUBSCRIPTION_INACTIVATED" ->
          b.setEventType(SubscriptionEventType.CANCELLED).setCancelReason("inactivated");
      case "SUBSCRIPTION_DELETED" ->
          b.setEventType(SubscriptionEventType.CANCELLED).setCancelReason("deleted");
      default -> throw new IllegalArgumentException(event.type());
    }
    return new Mapping.Mapped(event.type(), List.of(InputEvent.of(b.build())));
  }

  private static void withPlan(SubscriptionEvent.Builder b, JsonNode subscription) {
    b.setMrrMinor(
        AsaasValues.mrr(
            requiredDecimal(subscription, "value"), requiredText(subscription, "cycle")));
    String end = text(subscription, "endDate");
    if (end != null && !end.isBlank()) {
      b.setContractEndDate(AsaasValues.date(end, "subscription.endDate"));
    }
  }
}
