package io.carteira.ingest.stripe;

import static io.carteira.ingest.MappedEvents.payment;
import static io.carteira.ingest.MappedEvents.subscription;
import static io.carteira.ingest.stripe.StripeFixtures.event;
import static io.carteira.ingest.stripe.StripeFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.Channel;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** customer.* and payment_method.* deliveries. */
class StripeProfileMappingTest {

  private static final long CREATED = 1_767_225_600L;

  private final StripeEvents stripe =
      new StripeEvents(ZoneId.of("America/Sao_Paulo"), new ChargeOwners(100));

  @Test
  void customerCreatedIsAProfile_withNameLocaleAndMetadata() {
    ObjectNode customer = resource("customer");
    customer.put("name", "Padaria Pão Quente Ltda");
    customer.putArray("preferred_locales").add("pt-BR").add("en");
    customer
        .putObject("metadata")
        .put("account_owner", "marina@carteira.example")
        .put("acquisition_channel", "partner")
        .put("preferred_channel", "whatsapp");

    SubscriptionEvent profile =
        subscription(stripe.map(event("evt_cc", "customer.created", CREATED, customer)));

    assertThat(profile.getEventId()).isEqualTo("evt_cc");
    assertThat(profile.getCustomerId()).isEqualTo("cus_QXg1o8vcGmoR32");
    assertThat(profile.getEventTime()).isEqualTo(Instant.ofEpochSecond(CREATED));
    assertThat(profile.getEventType()).isEqualTo(SubscriptionEventType.PROFILE_UPDATED);
    assertThat(profile.getCustomerName()).isEqualTo("Padaria Pão Quente Ltda");
    assertThat(profile.getAttributes())
        .isEqualTo(
            Map.of(
                "account_owner", "marina@carteira.example",
                "acquisition_channel", "partner",
                "preferred_channel", "whatsapp",
                "locale", "pt-BR"));
    assertThat(profile.getPreferredChannel()).isEqualTo(Channel.WHATSAPP);
    assertThat(profile.getSubscriptionId()).isNull();
    assertThat(profile.getMrrMinor()).isNull();
  }

  @Test
  void customerUpdated_fromStripesOwnEventFixture() {
    var delivery = StripeFixtures.read("/stripe/stripe-dotnet/event_customer_updated.json");

    SubscriptionEvent profile = subscription(stripe.map(delivery));

    assertThat(profile.getEventId()).isEqualTo("evt_1DHsSdKCFFPkgtRhy4YMdffC");
    assertThat(profile.getCustomerId()).isEqualTo("cus_DjL8lObxrWj04W");
    assertThat(profile.getEventTime()).isEqualTo(Instant.ofEpochSecond(1538742675L));
    assertThat(profile.getAttributes()).isEqualTo(Map.of("foo", "baz"));
    assertThat(profile.getCustomerName()).isNull();
  }

  @Test
  void customerUpdatedOfNothingInTheProfile_isACheck() {
    ObjectNode customer = resource("customer");
    ObjectNode previous = StripeFixtures.object().put("balance", 500);
    assertThat(
            stripe.map(
                StripeFixtures.updated("evt_cu", "customer.updated", CREATED, customer, previous)))
        .isInstanceOf(Mapping.Checked.class);
  }

  @Test
  void paymentMethodAttachedUpdatesTheMethod_withTheCardsLastValidDay() {
    for (String type :
        new String[] {
          "payment_method.attached",
          "payment_method.updated",
          "payment_method.automatically_updated"
        }) {
      ObjectNode method = resource("payment_method");
      method.put("customer", "cus_QXg1o8vcGmoR32");

      PaymentEvent updated = payment(stripe.map(event("evt_pm", type, CREATED, method)));

      assertThat(updated.getEventId()).isEqualTo("evt_pm");
      assertThat(updated.getEventType()).isEqualTo(PaymentEventType.PAYMENT_METHOD_UPDATED);
      assertThat(updated.getCustomerId()).isEqualTo("cus_QXg1o8vcGmoR32");
      assertThat(updated.getMethod()).isEqualTo(PaymentMethod.CARD);
      assertThat(updated.getCardExpiresOn()).isEqualTo(LocalDate.of(2030, 8, 31));
      assertThat(updated.getInvoiceId()).isNull();
      assertThat(updated.getEventTime()).isEqualTo(Instant.ofEpochSecond(CREATED));
    }
  }

  @Test
  void aPaymentMethodOfNoCustomerIsUnmappable() {
    // Stripe's fixture as published: not attached to any customer
    Mapping mapping =
        stripe.map(event("evt_pm", "payment_method.updated", CREATED, resource("payment_method")));
    assertThat(mapping).isInstanceOf(Mapping.Unmappable.class);
  }
}
