package io.carteira.embedded.generator;

import io.carteira.embedded.generator.GeneratedEvent.Topic;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Instant;
import java.util.function.Consumer;

/** The input events a simulated customer gives, built with the fields every event carries. */
final class CustomerEvents {

  private CustomerEvents() {}

  static GeneratedEvent payment(
      String customerId,
      String eventId,
      Instant when,
      PaymentEventType type,
      Consumer<PaymentEvent.Builder> fill) {
    PaymentEvent.Builder b =
        PaymentEvent.newBuilder()
            .setEventId(eventId)
            .setCustomerId(customerId)
            .setEventTime(when)
            .setEventType(type)
            .setCurrency("BRL");
    fill.accept(b);
    return new GeneratedEvent(Topic.PAYMENTS, customerId, when, b.build());
  }

  static GeneratedEvent usage(
      String customerId,
      String eventId,
      Instant when,
      UsageEventType type,
      Consumer<UsageEvent.Builder> fill) {
    UsageEvent.Builder b =
        UsageEvent.newBuilder()
            .setEventId(eventId)
            .setCustomerId(customerId)
            .setEventTime(when)
            .setEventType(type);
    fill.accept(b);
    return new GeneratedEvent(Topic.USAGE, customerId, when, b.build());
  }

  static GeneratedEvent subscription(
      String customerId,
      String eventId,
      Instant when,
      SubscriptionEventType type,
      Consumer<SubscriptionEvent.Builder> fill) {
    SubscriptionEvent.Builder b =
        SubscriptionEvent.newBuilder()
            .setEventId(eventId)
            .setCustomerId(customerId)
            .setEventTime(when)
            .setEventType(type)
            .setCurrency("BRL")
            .setSubscriptionId("sub-" + customerId.substring(4));
    fill.accept(b);
    return new GeneratedEvent(Topic.SUBSCRIPTIONS, customerId, when, b.build());
  }
}
