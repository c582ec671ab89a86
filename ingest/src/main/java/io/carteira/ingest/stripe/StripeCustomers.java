package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.at;
import static io.carteira.ingest.Json.requiredId;
import static io.carteira.ingest.Json.requiredText;
import static io.carteira.ingest.Json.text;
import static io.carteira.ingest.Json.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.InputEvent;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.Channel;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The customer's profile and payment method.
 *
 * <ul>
 *   <li>{@code customer.created} and {@code customer.updated} (when its name, metadata or preferred
 *       locales changed) → {@code PROFILE_UPDATED}: the name, the metadata as attributes (so {@code
 *       account_owner} and {@code acquisition_channel} set on the Stripe customer reach Carteira;
 *       {@code preferred_channel}, when one of Carteira's channels, becomes the preferred channel)
 *       and the first preferred locale as attribute {@code locale}, which picks the language of the
 *       customer's messages;
 *   <li>{@code payment_method.attached}, {@code .updated} and {@code .automatically_updated} (the
 *       card networks' updater) → {@code PAYMENT_METHOD_UPDATED}, with the card's expiry as its
 *       last valid day (the end of {@code exp_month}/{@code exp_year}).
 * </ul>
 */
final class StripeCustomers {

  private StripeCustomers() {}

  static Mapping profile(StripeEvent event) {
    JsonNode customer = event.object();
    if (event.type().equals("customer.updated")
        && !(event.changed("name")
            || event.changed("metadata")
            || event.changed("preferred_locales"))) {
      return new Mapping.Checked(event.type(), "no profile change");
    }
    Map<String, String> attributes = StripeSubscriptions.metadata(customer);
    JsonNode locales = at(customer, "preferred_locales");
    if (locales != null && locales.isArray() && !locales.isEmpty()) {
      attributes.put("locale", locales.get(0).asText());
    }
    SubscriptionEvent.Builder profile =
        SubscriptionEvent.newBuilder()
            .setEventId(event.id())
            .setCustomerId(requiredText(customer, "id"))
            .setEventTime(event.created())
            .setEventType(SubscriptionEventType.PROFILE_UPDATED)
            .setCustomerName(text(customer, "name"))
            .setAttributes(attributes)
            .setPreferredChannel(channel(attributes.get("preferred_channel")));
    String currency = text(customer, "currency");
    if (currency != null) {
      profile.setCurrency(currency.toUpperCase(Locale.ROOT));
    }
    return new Mapping.Mapped(event.type(), List.of(InputEvent.of(profile.build())));
  }

  static Mapping paymentMethod(StripeEvent event) {
    JsonNode method = event.object();
    PaymentEvent.Builder updated =
        PaymentEvent.newBuilder()
            .setEventId(event.id())
            .setCustomerId(requiredId(method, "customer"))
            .setEventTime(event.created())
            .setEventType(PaymentEventType.PAYMENT_METHOD_UPDATED)
            .setMethod(StripePayments.method(requiredText(method, "type")));
    Long year = whole(method, "card.exp_year");
    Long month = whole(method, "card.exp_month");
    if (year != null && month != null) {
      updated.setCardExpiresOn(
          YearMonth.of(Math.toIntExact(year), Math.toIntExact(month)).atEndOfMonth());
    }
    return new Mapping.Mapped(event.type(), List.of(InputEvent.of(updated.build())));
  }

  private static Channel channel(String name) {
    if (name == null) {
      return null;
    }
    try {
      return Channel.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
