package io.carteira.ingest.stripe;

import static io.carteira.ingest.stripe.StripeFixtures.event;
import static io.carteira.ingest.stripe.StripeFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.Json;
import io.carteira.ingest.Mapping;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Which Stripe types are mapped, ignored or unmappable. */
class StripeEventTypesTest {

  private final StripeEvents stripe =
      new StripeEvents(ZoneId.of("America/Sao_Paulo"), new ChargeOwners(100));

  @Test
  void stripesGenericEventFixture_aPlanCreated_isNotUsed() {
    Mapping mapping = stripe.map(resource("event"));
    assertThat(mapping).isEqualTo(new Mapping.Ignored("plan.created"));
  }

  @Test
  void knownTypesCarteiraDoesNotUseAreIgnored() {
    for (String type :
        new String[] {
          "customer.subscription.trial_will_end",
          "invoice.created",
          "invoice.marked_uncollectible",
          "invoice.payment_action_required",
          "charge.succeeded",
          "payment_intent.payment_failed",
          "customer.source.expiring"
        }) {
      assertThat(stripe.map(event("evt_1", type, 1, resource("invoice"))))
          .as(type)
          .isEqualTo(new Mapping.Ignored(type));
    }
  }

  @Test
  void anUnknownTypeOfAMappedFamilyIsUnmappable() {
    Mapping mapping =
        stripe.map(
            event("evt_new", "invoice.brand_new_thing", 1_700_000_000L, resource("invoice")));
    assertThat(mapping)
        .isEqualTo(
            new Mapping.Unmappable(
                "invoice.brand_new_thing",
                "unknown Stripe event type invoice.brand_new_thing",
                "evt_new",
                "cus_QXg1o8vcGmoR32",
                Instant.ofEpochSecond(1_700_000_000L)));
  }

  @Test
  void anEnvelopeWithoutIdOrObjectIsUnmappable() {
    Mapping mapping =
        stripe.map(
            Json.parse(
                "{\"type\":\"invoice.paid\",\"created\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(mapping).isInstanceOf(Mapping.Unmappable.class);
    assertThat(((Mapping.Unmappable) mapping).reason()).isEqualTo("missing field id");
  }

  @Test
  void everyMappedTypeBelongsToAMappedFamily_andNoneIsAlsoNotUsed() {
    assertThat(StripeEvents.MAPPED).doesNotContainAnyElementsOf(StripeEvents.NOT_USED);
  }
}
