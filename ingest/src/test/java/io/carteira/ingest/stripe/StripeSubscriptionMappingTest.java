package io.carteira.ingest.stripe;

import static io.carteira.ingest.MappedEvents.events;
import static io.carteira.ingest.MappedEvents.subscription;
import static io.carteira.ingest.stripe.StripeFixtures.event;
import static io.carteira.ingest.stripe.StripeFixtures.object;
import static io.carteira.ingest.stripe.StripeFixtures.resource;
import static io.carteira.ingest.stripe.StripeFixtures.triggerParams;
import static io.carteira.ingest.stripe.StripeFixtures.updated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.InputEvent;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** customer.subscription.* deliveries, from Stripe's subscription fixture. */
class StripeSubscriptionMappingTest {

  private static final long CREATED = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";
  private static final String SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";
  private static final String PRICE = "price_1PgafmB7WZ01zgkW6dKueIc5";

  private final StripeEvents stripe =
      new StripeEvents(ZoneId.of("America/Sao_Paulo"), new ChargeOwners(100));

  /** Stripe's subscription fixture with the price of the CLI's recipe for this trigger. */
  private static ObjectNode subscriptionAsTriggered() {
    ObjectNode subscription = resource("subscription");
    JsonNode recipe = triggerParams("customer.subscription.created", "price");
    ObjectNode price = (ObjectNode) subscription.at("/items/data/0/price");
    long unitAmount = Long.parseLong(recipe.get("unit_amount").asText());
    price.put("unit_amount", unitAmount).put("unit_amount_decimal", String.valueOf(unitAmount));
    price.put("currency", recipe.get("currency").asText());
    ((ObjectNode) price.get("recurring"))
        .put("interval", recipe.get("recurring[interval]").asText());
    return subscription;
  }

  private static ObjectNode price(ObjectNode subscription, int item) {
    return (ObjectNode) subscription.at("/items/data/" + item + "/price");
  }

  @Test
  void createdIsStarted_withThePlanAndItsMrr() {
    SubscriptionEvent started =
        subscription(
            stripe.map(
                event(
                    "evt_created",
                    "customer.subscription.created",
                    CREATED,
                    subscriptionAsTriggered())));

    assertThat(started.getEventId()).isEqualTo("evt_created");
    assertThat(started.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(started.getEventTime()).isEqualTo(Instant.ofEpochSecond(CREATED));
    assertThat(started.getEventType()).isEqualTo(SubscriptionEventType.STARTED);
    assertThat(started.getSubscriptionId()).isEqualTo(SUBSCRIPTION);
    assertThat(started.getPlanId()).isEqualTo(PRICE);
    assertThat(started.getMrrMinor()).isEqualTo(1500L);
    assertThat(started.getCurrency()).isEqualTo("USD");
    assertThat(started.getCancelReason()).isNull();
    assertThat(started.getAttributes()).isEmpty();
  }

  @Test
  void mrrIsNormalisedToAMonth_byIntervalCountAndQuantity() {
    assertThat(mrrOf("month", 1, 2000, 1)).isEqualTo(2000L);
    assertThat(mrrOf("year", 1, 120_000, 1)).isEqualTo(10_000L);
    assertThat(mrrOf("year", 1, 99_900, 1)).as("8325 exactly: 99900 / 12").isEqualTo(8325L);
    assertThat(mrrOf("month", 3, 29_900, 1)).as("9966.67, rounded half up").isEqualTo(9967L);
    assertThat(mrrOf("month", 1, 1990, 5)).as("five seats").isEqualTo(9950L);
    assertThat(mrrOf("year", 1, 12_000, 7)).as("seven seats, yearly").isEqualTo(7000L);
    assertThat(mrrOf("week", 1, 1000, 1)).as("52 weeks / 12 months").isEqualTo(4333L);
    assertThat(mrrOf("day", 1, 100, 1)).as("365 days / 12 months").isEqualTo(3042L);
  }

  @Test
  void severalItemsAddUp_meteredCountsNothing_andFractionalCentsRoundOnce() {
    ObjectNode subscription = resource("subscription");
    ObjectNode seat = (ObjectNode) subscription.at("/items/data/0");
    ObjectNode addOn = seat.deepCopy();
    ObjectNode metered = seat.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) subscription.at("/items/data"))
        .add(addOn)
        .add(metered);
    price(subscription, 0).put("unit_amount_decimal", "999.5");
    seat.put("quantity", 3);
    price(subscription, 1).put("unit_amount_decimal", "12000");
    ((ObjectNode) price(subscription, 1).get("recurring")).put("interval", "year");
    addOn.put("quantity", 1);
    ((ObjectNode) price(subscription, 2).get("recurring")).put("usage_type", "metered");

    SubscriptionEvent started =
        subscription(
            stripe.map(event("evt_items", "customer.subscription.created", CREATED, subscription)));

    assertThat(started.getMrrMinor()).as("3 x 999.5 + 12000 / 12 = 3998.5").isEqualTo(3999L);
  }

  @Test
  void aTrialPaysNothingYet_andItsEndIsAPlanChange() {
    ObjectNode trialing = subscriptionAsTriggered();
    trialing.put("status", "trialing");
    assertThat(
            subscription(
                    stripe.map(
                        event("evt_trial", "customer.subscription.created", CREATED, trialing)))
                .getMrrMinor())
        .isZero();

    ObjectNode active = subscriptionAsTriggered();
    active.put("cancel_at_period_end", false);
    SubscriptionEvent changed =
        subscription(
            stripe.map(
                updated(
                    "evt_trial_end",
                    "customer.subscription.updated",
                    CREATED,
                    active,
                    object().put("status", "trialing"))));
    assertThat(changed.getEventType()).isEqualTo(SubscriptionEventType.PLAN_CHANGED);
    assertThat(changed.getMrrMinor()).isEqualTo(1500L);
  }

  @Test
  void anUpdateOfItemsIsAPlanChange() {
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.put("cancel_at_period_end", false);
    ((ObjectNode) subscription.at("/items/data/0")).put("quantity", 4);
    ObjectNode previous = object();
    previous.putObject("items").put("object", "list");

    SubscriptionEvent changed =
        subscription(
            stripe.map(
                updated(
                    "evt_upgrade",
                    "customer.subscription.updated",
                    CREATED,
                    subscription,
                    previous)));

    assertThat(changed.getEventId()).isEqualTo("evt_upgrade");
    assertThat(changed.getEventType()).isEqualTo(SubscriptionEventType.PLAN_CHANGED);
    assertThat(changed.getMrrMinor()).isEqualTo(6000L);
    assertThat(changed.getPlanId()).isEqualTo(PRICE);
  }

  @Test
  void cancelAtPeriodEndTurningTrueIsACancellationRequest() {
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.put("cancel_at_period_end", true);
    subscription
        .putObject("cancellation_details")
        .put("reason", "cancellation_requested")
        .put("feedback", "too_expensive");

    SubscriptionEvent requested =
        subscription(
            stripe.map(
                updated(
                    "evt_cancel_request",
                    "customer.subscription.updated",
                    CREATED,
                    subscription,
                    object().put("cancel_at_period_end", false))));

    assertThat(requested.getEventType()).isEqualTo(SubscriptionEventType.CANCELLATION_REQUESTED);
    assertThat(requested.getCancelReason()).isEqualTo("cancellation_requested: too_expensive");
    assertThat(requested.getSubscriptionId()).isEqualTo(SUBSCRIPTION);
    assertThat(requested.getMrrMinor()).isNull();
  }

  @Test
  void aCancelAtSetIsACancellationRequest_andItsRemovalARenewal() {
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.put("cancel_at_period_end", false).put("cancel_at", CREATED + 86_400 * 20);
    ObjectNode before = object().putNull("cancel_at");
    assertThat(
            subscription(
                    stripe.map(
                        updated(
                            "evt_a",
                            "customer.subscription.updated",
                            CREATED,
                            subscription,
                            before)))
                .getEventType())
        .isEqualTo(SubscriptionEventType.CANCELLATION_REQUESTED);

    subscription.putNull("cancel_at");
    SubscriptionEvent stays =
        subscription(
            stripe.map(
                updated(
                    "evt_b",
                    "customer.subscription.updated",
                    CREATED,
                    subscription,
                    object().put("cancel_at", CREATED + 86_400 * 20))));
    assertThat(stays.getEventType()).isEqualTo(SubscriptionEventType.RENEWED);
    assertThat(stays.getMrrMinor()).isEqualTo(1500L);
  }

  @Test
  void oneUpdateWithTwoChangesGivesTwoEvents_withStableNumberedIds() {
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.put("cancel_at_period_end", true);
    ObjectNode previous = object().put("cancel_at_period_end", false);
    previous.putObject("items");
    ObjectNode delivery =
        updated("evt_both", "customer.subscription.updated", CREATED, subscription, previous);

    List<InputEvent> first = events(stripe.map(delivery));
    List<InputEvent> again = events(stripe.map(delivery));

    assertThat(first).extracting(InputEvent::eventId).containsExactly("evt_both:1", "evt_both:2");
    assertThat(first)
        .extracting(InputEvent::type)
        .containsExactly("PLAN_CHANGED", "CANCELLATION_REQUESTED");
    assertThat(again)
        .extracting(InputEvent::record)
        .isEqualTo(first.stream().map(InputEvent::record).toList());
  }

  @Test
  void anUpdateOfNothingCarteiraFollows_isACheck() {
    // the CLI's recipe for customer.subscription.updated changes the metadata only
    JsonNode recipe = triggerParams("customer.subscription.updated", "subscription_updated");
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.set("metadata", recipe.get("metadata"));
    ObjectNode previous = object();
    previous.putObject("metadata");

    Mapping mapping =
        stripe.map(
            updated("evt_meta", "customer.subscription.updated", CREATED, subscription, previous));

    assertThat(mapping).isInstanceOf(Mapping.Checked.class);
  }

  @Test
  void deletedIsCancelled_withReasonAndFeedback() {
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.put("status", "canceled");
    subscription
        .putObject("cancellation_details")
        .put("reason", "payment_failed")
        .putNull("feedback");
    subscription.putObject("metadata").put("account_owner", "ana@example.com");

    SubscriptionEvent cancelled =
        subscription(
            stripe.map(
                event("evt_deleted", "customer.subscription.deleted", CREATED, subscription)));

    assertThat(cancelled.getEventType()).isEqualTo(SubscriptionEventType.CANCELLED);
    assertThat(cancelled.getCancelReason()).isEqualTo("payment_failed");
    assertThat(cancelled.getSubscriptionId()).isEqualTo(SUBSCRIPTION);
    assertThat(cancelled.getAttributes()).isEqualTo(Map.of("account_owner", "ana@example.com"));
  }

  @Test
  void pausedAndResumed() {
    ObjectNode subscription = subscriptionAsTriggered();
    assertThat(
            subscription(
                    stripe.map(
                        event("evt_p", "customer.subscription.paused", CREATED, subscription)))
                .getEventType())
        .isEqualTo(SubscriptionEventType.PAUSED);
    SubscriptionEvent resumed =
        subscription(
            stripe.map(event("evt_r", "customer.subscription.resumed", CREATED, subscription)));
    assertThat(resumed.getEventType()).isEqualTo(SubscriptionEventType.RESUMED);
    assertThat(resumed.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(resumed.getSubscriptionId()).isEqualTo(SUBSCRIPTION);
  }

  @Test
  void aSubscriptionWithoutCustomerIsUnmappable() {
    ObjectNode subscription = subscriptionAsTriggered();
    subscription.putNull("customer");
    Mapping mapping =
        stripe.map(event("evt_x", "customer.subscription.created", CREATED, subscription));
    assertThat(mapping).isInstanceOf(Mapping.Unmappable.class);
    assertThat(((Mapping.Unmappable) mapping).reason()).isEqualTo("missing field customer");
    assertThat(((Mapping.Unmappable) mapping).eventId()).isEqualTo("evt_x");
  }

  private long mrrOf(String interval, int count, long unitAmount, int quantity) {
    ObjectNode subscription = resource("subscription");
    ObjectNode price = price(subscription, 0);
    price.put("unit_amount", unitAmount).put("unit_amount_decimal", String.valueOf(unitAmount));
    ((ObjectNode) price.get("recurring")).put("interval", interval).put("interval_count", count);
    ((ObjectNode) subscription.at("/items/data/0")).put("quantity", quantity);
    return subscription(
            stripe.map(event("evt_mrr", "customer.subscription.created", CREATED, subscription)))
        .getMrrMinor();
  }
}
